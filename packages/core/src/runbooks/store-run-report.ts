import { RUNBOOK_LIMITS, type RunReport } from '@pagefree/contracts';
import { withTransaction } from '@pagefree/db';
import { createMasker, type Masker, maskJson } from '@pagefree/sandbox/mask-output';
import { LRUCache } from 'lru-cache';
import { decryptRunSecrets } from './decrypt-run-secrets.ts';
import { endAttempt, isFinished, lockExecution, publishAttemptOutcome } from './end-attempt.ts';
import { statusEvent } from './runbook-events.ts';
import type { RunbookWorkerDeps } from './worker-deps.ts';

const MAX_OUTPUT_BYTES = RUNBOOK_LIMITS.maxOutputBytes;

// The runner masks output already; the worker masks it again before storing, in case a
// runner bug let something through. Maskers hold decrypted secrets, so they are cached
// briefly and only for runs still reporting.
const maskers = new LRUCache<string, Masker>({ max: 100, ttl: 5 * 60 * 1000 });

/**
 * Stores one report from the runner and broadcasts it. A started or finished report about an
 * attempt that is no longer current, or about a finished run, is ignored, so a report that
 * arrives late or twice changes nothing. Log lines are stored once each by (attempt, seq).
 * Log lines beyond the output limit are dropped and the execution is marked truncated.
 */
export async function storeRunReport(deps: RunbookWorkerDeps, report: RunReport): Promise<void> {
  switch (report.type) {
    case 'started':
      return storeStarted(deps, report);
    case 'log':
      return storeLog(deps, report);
    case 'finished':
      return storeFinished(deps, report);
    default: {
      const unknown: never = report;
      throw new Error(`Unknown runbook report ${JSON.stringify(unknown)}`);
    }
  }
}

async function storeStarted(
  deps: RunbookWorkerDeps,
  report: Extract<RunReport, { type: 'started' }>,
): Promise<void> {
  const now = deps.clock.now();
  const row = await deps.db
    .updateTable('runbook_execution')
    .set({ status: 'RUNNING', started_at: new Date(report.at), last_report_at: now })
    .where('id', '=', report.executionId)
    .where('attempt', '=', report.attempt)
    .where('status', '=', 'QUEUED')
    .returningAll()
    .executeTakeFirst();
  if (row) deps.events.executionChanged('execution.running', statusEvent(row, now));
}

async function storeLog(
  deps: RunbookWorkerDeps,
  report: Extract<RunReport, { type: 'log' }>,
): Promise<void> {
  const now = deps.clock.now();
  const mask = await maskerFor(deps, report.executionId);

  const stored = await withTransaction(deps.db, async (trx) => {
    const execution = await lockExecution(trx, report.executionId);
    // Lines of an earlier attempt, or lines that arrive after the finished report, are still
    // stored: they belong to the run and count against its output limit like any other.
    if (!execution || report.attempt > execution.attempt) return null;
    let bytes = execution.output_bytes;
    let truncated = execution.output_truncated;
    const accepted = [];
    for (const line of report.lines) {
      // Once the limit is reached every later line is dropped, so none of them is masked.
      if (truncated) break;
      const message = mask(line.message);
      const size = Buffer.byteLength(message) + 1;
      if (bytes + size > MAX_OUTPUT_BYTES) {
        truncated = true;
        continue;
      }
      bytes += size;
      accepted.push({ ...line, message });
    }

    if (accepted.length > 0) {
      await trx
        .insertInto('runbook_execution_log')
        .values(
          accepted.map((line) => ({
            execution_id: execution.id,
            attempt: report.attempt,
            seq: line.seq,
            level: line.level,
            message: line.message,
            logged_at: new Date(line.at),
          })),
        )
        .onConflict((conflict) => conflict.columns(['execution_id', 'attempt', 'seq']).doNothing())
        .execute();
    }
    await trx
      .updateTable('runbook_execution')
      .set({ output_bytes: bytes, output_truncated: truncated, last_report_at: now })
      .where('id', '=', execution.id)
      .execute();
    return { teamId: execution.team_id, accepted };
  });

  if (stored && stored.accepted.length > 0) {
    deps.events.executionLog(stored.teamId, {
      executionId: report.executionId,
      lines: stored.accepted.map((line) => ({ ...line, attempt: report.attempt })),
    });
  }
}

async function storeFinished(
  deps: RunbookWorkerDeps,
  report: Extract<RunReport, { type: 'finished' }>,
): Promise<void> {
  const now = deps.clock.now();
  const mask = await maskerFor(deps, report.executionId);

  const outcome = await withTransaction(deps.db, async (trx) => {
    const execution = await lockExecution(trx, report.executionId);
    if (!execution || execution.attempt !== report.attempt || isFinished(execution.status)) {
      return null;
    }
    let outputBytes = execution.output_bytes;
    let outputTruncated = execution.output_truncated || report.outputTruncated;
    let result: unknown = null;
    if (report.status === 'SUCCEEDED') {
      const text = JSON.stringify(maskJson(parseResult(report.result), mask));
      const size = Buffer.byteLength(text);
      if (outputBytes + size <= MAX_OUTPUT_BYTES) {
        result = JSON.parse(text);
        outputBytes += size;
      } else {
        result = { omitted: `The result (${size} bytes) did not fit in the output limit.` };
        outputTruncated = true;
      }
    }

    return endAttempt(
      trx,
      execution,
      report.status === 'SUCCEEDED'
        ? { kind: 'succeeded', result }
        : {
            kind: 'failed',
            status: report.status,
            code: report.error?.code ?? 'unknown',
            message: mask(
              report.error?.message ?? 'The runner reported a failure without a reason.',
            ),
            retryable: report.error?.retryable ?? false,
          },
      {
        startedAt: new Date(report.startedAt),
        finishedAt: new Date(report.finishedAt),
        cpuTimeMs: report.cpuTimeMs,
        outputBytes,
        outputTruncated,
      },
      deps.settings,
      now,
    );
  });

  if (outcome) {
    publishAttemptOutcome(deps.events, outcome);
    if (outcome.transition === 'finished') maskers.delete(report.executionId);
  }
}

function parseResult(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { unreadable: 'The runner sent a result that is not JSON.' };
  }
}

/** Returns the masker for an execution: its version's secrets (none for dry runs) and the patterns. */
async function maskerFor(deps: RunbookWorkerDeps, executionId: string): Promise<Masker> {
  const cached = maskers.get(executionId);
  if (cached) return cached;

  const execution = await deps.db
    .selectFrom('runbook_execution')
    .innerJoin('runbook_version', 'runbook_version.id', 'runbook_execution.version_id')
    .select([
      'runbook_execution.runbook_id',
      'runbook_execution.dry_run',
      'runbook_version.secret_names',
    ])
    .where('runbook_execution.id', '=', executionId)
    .executeTakeFirst();
  let mask = createMasker([]);
  if (execution && !execution.dry_run) {
    try {
      mask = createMasker(
        await decryptRunSecrets(
          deps.db,
          deps.encryptionKeys,
          execution.runbook_id,
          execution.secret_names,
        ),
      );
    } catch (error) {
      // A secret deleted or rotated mid-run: the runner masked the values it ran with, and
      // the credential patterns still apply here.
      deps.logger.warn(
        { err: error, executionId },
        'Runbook secrets unavailable for masking; masking credential patterns only',
      );
    }
  }
  maskers.set(executionId, mask);
  return mask;
}
