import { type RunbookExecution, withTransaction } from '@pagefree/db';
import { closeExpiredCircuits } from './circuit-breaker.ts';
import {
  type AttemptEnding,
  endAttempt,
  isFinished,
  lockExecution,
  publishAttemptOutcome,
} from './end-attempt.ts';
import type { RunbookWorkerDeps } from './worker-deps.ts';

const BATCH = 500;
// BullMQ states in which the job still exists and a runner is working on it or will be.
const LIVE_JOB_STATES = new Set([
  'active',
  'waiting',
  'delayed',
  'prioritized',
  'waiting-children',
]);

export interface ReconcileResult {
  lost: number;
  closedCircuits: number;
}

/**
 * Finds runs the runner will never report on and ends them, so none stays RUNNING or
 * QUEUED forever:
 * - a RUNNING run whose job is gone and that sent nothing for `lostRunSeconds` fails with a
 *   dead letter. The job is gone when the runner was killed and a restarted runner failed
 *   the stalled job. It is not retried, because the script may have brought the runner down;
 * - a RUNNING run past its time limit plus `lostRunSeconds` fails the same way, which also
 *   covers a runner that died and never came back;
 * - a dispatched run that never started and whose job is gone (Redis lost it) counts as a
 *   retryable failed attempt.
 * It also closes circuit breakers whose cool-down has ended.
 */
export async function reconcileExecutions(deps: RunbookWorkerDeps): Promise<ReconcileResult> {
  const now = deps.clock.now();
  const closed = await closeExpiredCircuits(deps.db, now);
  for (const event of closed) deps.events.circuitChanged(event);

  const inFlight = await deps.db
    .selectFrom('runbook_execution')
    .selectAll()
    .where('dispatched_at', 'is not', null)
    .where('status', 'in', ['QUEUED', 'RUNNING'])
    .orderBy('dispatched_at')
    .limit(BATCH)
    .execute();

  let lost = 0;
  for (const execution of inFlight) {
    const ending = await diagnose(deps, execution, now);
    if (!ending) continue;
    if (await endLostAttempt(deps, execution, ending)) lost += 1;
  }
  return { lost, closedCircuits: closed.length };
}

async function diagnose(
  deps: RunbookWorkerDeps,
  execution: RunbookExecution,
  now: Date,
): Promise<AttemptEnding | null> {
  const graceMs = deps.settings.lostRunSeconds * 1000;
  if (execution.status === 'RUNNING' && execution.started_at) {
    const deadline = execution.started_at.getTime() + execution.timeout_seconds * 1000 + graceMs;
    if (now.getTime() > deadline) {
      return runnerLost(
        `No result arrived within ${execution.timeout_seconds + deps.settings.lostRunSeconds} seconds of the start; the runner stopped during the run.`,
      );
    }
  }

  const lastNews = execution.last_report_at ?? execution.dispatched_at!;
  if (now.getTime() - lastNews.getTime() < graceMs) return null;
  const state = await deps.queue.jobState(execution.id, execution.attempt);
  if (LIVE_JOB_STATES.has(state)) return null;

  if (execution.status === 'RUNNING') {
    return runnerLost(`The runner stopped during the run (its job is ${state}).`);
  }
  return {
    kind: 'failed',
    status: 'FAILED',
    code: 'job_lost',
    message: `The run's job was lost before a runner started it (its job is ${state}).`,
    retryable: true,
  };
}

function runnerLost(message: string): AttemptEnding {
  return {
    kind: 'failed',
    status: 'FAILED',
    code: 'runner_lost',
    message,
    retryable: false,
    deadLetter: true,
  };
}

async function endLostAttempt(
  deps: RunbookWorkerDeps,
  seen: RunbookExecution,
  ending: AttemptEnding,
): Promise<boolean> {
  const now = deps.clock.now();
  const outcome = await withTransaction(deps.db, async (trx) => {
    const execution = await lockExecution(trx, seen.id);
    // A report may have arrived since the row was read; then the run is not lost.
    if (
      !execution ||
      execution.attempt !== seen.attempt ||
      execution.status !== seen.status ||
      isFinished(execution.status) ||
      execution.last_report_at?.getTime() !== seen.last_report_at?.getTime()
    ) {
      return null;
    }
    return endAttempt(
      trx,
      execution,
      ending,
      {
        startedAt: execution.started_at,
        finishedAt: now,
        cpuTimeMs: null,
        outputBytes: execution.output_bytes,
        outputTruncated: execution.output_truncated,
      },
      deps.settings,
      now,
    );
  });
  if (!outcome) return false;

  publishAttemptOutcome(deps.events, outcome);
  deps.logger.warn(
    {
      executionId: seen.id,
      attempt: seen.attempt,
      reason: ending.kind === 'failed' ? ending.code : null,
    },
    'Runbook run lost; ended it',
  );
  return true;
}
