import type {
  CircuitEvent,
  ExecutionFinishedEvent,
  ExecutionStatusEvent,
} from '@pagefree/contracts';
import type { Db, RunbookExecution } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { SYSTEM_ACTOR } from '../auth/principal.ts';
import { recordRunForCircuit } from './circuit-breaker.ts';
import { type RunbookEventPublisher, statusEvent } from './runbook-events.ts';

/** The end of an attempt, from the runner's report or from the worker's own checks. */
export type AttemptEnding =
  | { kind: 'succeeded'; result: unknown }
  | {
      kind: 'failed';
      status: 'FAILED' | 'TIMED_OUT';
      code: string;
      message: string;
      /** Another attempt may succeed, so it is retried while attempts remain. */
      retryable: boolean;
      /** Keep a dead letter even though the failure is not retryable (e.g. a lost runner). */
      deadLetter?: boolean;
    };

export interface AttemptTiming {
  startedAt: Date | null;
  finishedAt: Date;
  cpuTimeMs: number | null;
  outputBytes: number;
  outputTruncated: boolean;
}

/** The change to publish after the transaction commits. */
export type AttemptOutcome =
  | { transition: 'retry'; event: ExecutionStatusEvent }
  | {
      transition: 'finished';
      event: ExecutionFinishedEvent;
      deadLetterId: string | null;
      circuit: CircuitEvent | null;
    };

// Backoff of the retries, as multiples of the configured base: 1x before the second attempt,
// 4x before the third.
const BACKOFF_FACTORS = [1, 4];

/**
 * Ends the current attempt of an execution that the caller locked in `trx`. A retryable
 * failure with attempts left puts the execution back to QUEUED for the next attempt after a
 * backoff, and anything else finishes it. A retryable failure on the last attempt, or a
 * failure marked for it, leaves a dead letter for an admin unless the run is a dry run. A
 * finished non-dry run counts towards the team's circuit breaker.
 */
export async function endAttempt(
  trx: Db,
  execution: RunbookExecution,
  ending: AttemptEnding,
  timing: AttemptTiming,
  settings: { retryBackoffSeconds: number; circuitCooldownSeconds: number },
  now: Date,
): Promise<AttemptOutcome> {
  if (ending.kind === 'failed' && ending.retryable && execution.attempt < execution.max_attempts) {
    const factor = BACKOFF_FACTORS[execution.attempt - 1] ?? BACKOFF_FACTORS.at(-1)!;
    const row = await trx
      .updateTable('runbook_execution')
      .set({
        status: 'QUEUED',
        attempt: execution.attempt + 1,
        available_at: new Date(now.getTime() + factor * settings.retryBackoffSeconds * 1000),
        dispatched_at: null,
        started_at: null,
        last_report_at: null,
        error_code: ending.code,
        error_message: `Attempt ${execution.attempt} failed, retrying: ${ending.message}`,
        output_bytes: timing.outputBytes,
        output_truncated: timing.outputTruncated,
      })
      .where('id', '=', execution.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { transition: 'retry', event: statusEvent(row, now) };
  }

  const row = await trx
    .updateTable('runbook_execution')
    .set({
      status: ending.kind === 'succeeded' ? 'SUCCEEDED' : ending.status,
      result: ending.kind === 'succeeded' ? JSON.stringify(ending.result ?? null) : null,
      error_code: ending.kind === 'failed' ? ending.code : null,
      error_message: ending.kind === 'failed' ? ending.message : null,
      started_at: timing.startedAt ?? execution.started_at,
      finished_at: timing.finishedAt,
      cpu_time_ms: timing.cpuTimeMs,
      output_bytes: timing.outputBytes,
      output_truncated: timing.outputTruncated,
      last_report_at: now,
    })
    .where('id', '=', execution.id)
    .returningAll()
    .executeTakeFirstOrThrow();

  let deadLetterId: string | null = null;
  // Dry runs are an author's tests of a draft. A re-run would have to run the approved
  // version instead, so they never become dead letters.
  if (ending.kind === 'failed' && !execution.dry_run && (ending.retryable || ending.deadLetter)) {
    const deadLetter = await trx
      .insertInto('runbook_dead_letter')
      .values({
        execution_id: execution.id,
        runbook_id: execution.runbook_id,
        team_id: execution.team_id,
        reason: ending.code,
        message: ending.message,
        attempts: execution.attempt,
        created_at: now,
      })
      .onConflict((conflict) => conflict.column('execution_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    deadLetterId = deadLetter?.id ?? null;
    if (deadLetterId) {
      await recordAuditEvent(trx, SYSTEM_ACTOR, {
        action: 'runbook.execution_dead_lettered',
        resourceType: 'runbook_execution',
        resourceId: execution.id,
        teamId: execution.team_id,
        metadata: { deadLetterId, reason: ending.code, attempts: execution.attempt },
      });
    }
  }

  const circuit = execution.dry_run
    ? null
    : await recordRunForCircuit(trx, execution.team_id, now, settings.circuitCooldownSeconds);
  return {
    transition: 'finished',
    event: {
      ...statusEvent(row, now),
      result: row.result ?? null,
      outputTruncated: row.output_truncated,
    },
    deadLetterId,
    circuit,
  };
}

/** Locks an execution row for a change of state; undefined when it does not exist. */
export function lockExecution(trx: Db, executionId: string) {
  return trx
    .selectFrom('runbook_execution')
    .selectAll()
    .where('id', '=', executionId)
    .forUpdate()
    .executeTakeFirst();
}

/** True once an execution reached a final status. */
export function isFinished(status: RunbookExecution['status']): boolean {
  return status !== 'QUEUED' && status !== 'RUNNING';
}

/** Publishes what `endAttempt` changed; call it after the transaction committed. */
export function publishAttemptOutcome(
  events: RunbookEventPublisher,
  outcome: AttemptOutcome,
): void {
  if (outcome.transition === 'retry') {
    events.executionChanged('execution.queued', outcome.event);
    return;
  }
  events.executionFinished(outcome.event);
  if (outcome.circuit) events.circuitChanged(outcome.circuit);
}
