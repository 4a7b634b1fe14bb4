import type { RunbookJobData } from '@pagefree/contracts';
import { type Db, type RunbookExecution, withTransaction } from '@pagefree/db';
import { decryptRunSecrets, SecretUnavailableError } from './decrypt-run-secrets.ts';
import { endAttempt, isFinished, lockExecution, publishAttemptOutcome } from './end-attempt.ts';
import { buildRunInput } from './run-input.ts';
import { statusEvent } from './runbook-events.ts';
import type { RunbookWorkerDeps } from './worker-deps.ts';

/**
 * Most jobs kept waiting in the runner's queue. Runs beyond it stay QUEUED in the database
 * until the runner catches up, so a storm of runs does not park hundreds of jobs, each with
 * decrypted secrets, in Redis.
 */
const MAX_RUNNER_BACKLOG = 50;
const ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
// Dry runs execute code no admin approved, so they may only read.
const DRY_RUN_METHODS = ['GET', 'HEAD'];

/**
 * Hands due QUEUED executions to the runner: claims them (sets `dispatched_at`), decrypts
 * their secrets, builds their input and adds one job each. A run whose secrets are missing
 * fails at once with a dead letter. When Redis refuses a job the claim is released and the
 * next pass tries again. Returns the number of jobs added.
 */
export async function dispatchQueuedExecutions(deps: RunbookWorkerDeps): Promise<number> {
  const room = MAX_RUNNER_BACKLOG - (await deps.queue.backlog());
  if (room <= 0) return 0;
  const now = deps.clock.now();
  const claimed = await claimDueExecutions(deps.db, now, room);

  let added = 0;
  for (const [index, execution] of claimed.entries()) {
    let job: RunbookJobData;
    try {
      job = await buildJob(deps, execution);
    } catch (error) {
      if (!(error instanceof SecretUnavailableError)) {
        await releaseClaims(deps.db, claimed.slice(index));
        throw error;
      }
      await failBeforeStart(deps, execution.id, execution.attempt, error.message);
      continue;
    }

    try {
      await deps.queue.add(job);
    } catch (error) {
      deps.logger.warn(
        { err: error, executionId: execution.id },
        'Adding a runbook job failed; the run stays queued for the next pass',
      );
      await releaseClaims(deps.db, claimed.slice(index));
      return added;
    }
    added += 1;
    deps.events.executionChanged('execution.queued', statusEvent(execution, now));
  }
  return added;
}

async function claimDueExecutions(db: Db, now: Date, limit: number): Promise<RunbookExecution[]> {
  return db
    .updateTable('runbook_execution')
    .set({ dispatched_at: now })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('runbook_execution')
        .select('id')
        .where('status', '=', 'QUEUED')
        .where('dispatched_at', 'is', null)
        .where('available_at', '<=', now)
        .orderBy('available_at')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute()
    .then((rows) => rows.sort((a, b) => a.available_at.getTime() - b.available_at.getTime()));
}

async function releaseClaims(db: Db, executions: RunbookExecution[]): Promise<void> {
  if (executions.length === 0) return;
  await db
    .updateTable('runbook_execution')
    .set({ dispatched_at: null })
    .where(
      'id',
      'in',
      executions.map((execution) => execution.id),
    )
    .where('status', '=', 'QUEUED')
    .execute();
}

async function buildJob(
  deps: RunbookWorkerDeps,
  execution: RunbookExecution,
): Promise<RunbookJobData> {
  const version = await deps.db
    .selectFrom('runbook_version')
    .select(['name', 'allowed_hosts', 'private_network_hosts', 'secret_names'])
    .where('id', '=', execution.version_id)
    .executeTakeFirstOrThrow();
  const secrets = execution.dry_run
    ? []
    : await decryptRunSecrets(
        deps.db,
        deps.encryptionKeys,
        execution.runbook_id,
        version.secret_names,
      );
  const input = await buildRunInput(deps.db, {
    incidentId: execution.incident_id,
    parameters: execution.parameters,
    runbook: { id: execution.runbook_id, name: version.name, version: execution.version },
    execution: {
      id: execution.id,
      attempt: execution.attempt,
      trigger: execution.trigger_type,
      dryRun: execution.dry_run,
    },
  });

  return {
    executionId: execution.id,
    attempt: execution.attempt,
    script: execution.script,
    input,
    secrets,
    timeoutMs: execution.timeout_seconds * 1000,
    network: {
      allowedHosts: version.allowed_hosts,
      privateNetworkHosts: execution.dry_run ? [] : version.private_network_hosts,
      allowedMethods: execution.dry_run ? DRY_RUN_METHODS : ALL_METHODS,
    },
  };
}

/** Fails a run that cannot start (a secret is missing); a dead letter keeps it for a re-run. */
async function failBeforeStart(
  deps: RunbookWorkerDeps,
  executionId: string,
  attempt: number,
  message: string,
): Promise<void> {
  const now = deps.clock.now();
  const outcome = await withTransaction(deps.db, async (trx) => {
    const execution = await lockExecution(trx, executionId);
    if (!execution || execution.attempt !== attempt || isFinished(execution.status)) return null;
    return endAttempt(
      trx,
      execution,
      {
        kind: 'failed',
        status: 'FAILED',
        code: 'secret_unavailable',
        message,
        retryable: false,
        deadLetter: true,
      },
      {
        startedAt: null,
        finishedAt: now,
        cpuTimeMs: null,
        outputBytes: execution.output_bytes,
        outputTruncated: execution.output_truncated,
      },
      deps.settings,
      now,
    );
  });
  if (outcome) publishAttemptOutcome(deps.events, outcome);
  deps.logger.warn(
    { executionId, reason: 'secret_unavailable' },
    'Runbook run failed before start',
  );
}
