import type { Db, RunbookExecutionStatus, RunbookTriggerType, RunbookVersion } from '@pagefree/db';

/** Runs get this many attempts in all: the first and at most two retries. */
export const MAX_ATTEMPTS = 3;

export interface QueueExecutionRequest {
  version: Pick<RunbookVersion, 'id' | 'runbook_id' | 'version' | 'script' | 'timeout_seconds'>;
  incident: { id: string; team_id: string };
  trigger: {
    type: RunbookTriggerType;
    /** Together with incident and runbook, identifies the trigger; a repeat is a no-op. */
    key: string;
    userId: string | null;
    ruleId: string | null;
    rerunOf: string | null;
  };
  parameters: Record<string, unknown>;
  dryRun: boolean;
  /** CANCELLED records a trigger that was skipped, e.g. while the circuit breaker is open. */
  status?: Extract<RunbookExecutionStatus, 'QUEUED' | 'CANCELLED'>;
  error?: { code: string; message: string };
  now: Date;
}

/**
 * Records a run as QUEUED with the version's exact script; the worker's dispatcher hands it
 * to the runner. Queueing is idempotent per (incident, runbook, trigger key) through a unique
 * constraint, so a trigger that fires twice yields one run: the second call returns the
 * first run's id with `created: false`.
 */
export async function queueExecution(
  db: Db,
  request: QueueExecutionRequest,
): Promise<{ executionId: string; created: boolean }> {
  const status = request.status ?? 'QUEUED';
  const inserted = await db
    .insertInto('runbook_execution')
    .values({
      runbook_id: request.version.runbook_id,
      version_id: request.version.id,
      version: request.version.version,
      script: request.version.script,
      team_id: request.incident.team_id,
      incident_id: request.incident.id,
      trigger_type: request.trigger.type,
      trigger_key: request.trigger.key,
      triggered_by: request.trigger.userId,
      rule_id: request.trigger.ruleId,
      rerun_of: request.trigger.rerunOf,
      dry_run: request.dryRun,
      parameters: JSON.stringify(request.parameters),
      timeout_seconds: request.version.timeout_seconds,
      status,
      max_attempts: request.dryRun ? 1 : MAX_ATTEMPTS,
      available_at: request.now,
      created_at: request.now,
      ...(status === 'CANCELLED' && { finished_at: request.now }),
      error_code: request.error?.code ?? null,
      error_message: request.error?.message ?? null,
    })
    .onConflict((conflict) =>
      conflict.columns(['incident_id', 'runbook_id', 'trigger_key']).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { executionId: inserted.id, created: true };

  const existing = await db
    .selectFrom('runbook_execution')
    .select('id')
    .where('incident_id', '=', request.incident.id)
    .where('runbook_id', '=', request.version.runbook_id)
    .where('trigger_key', '=', request.trigger.key)
    .executeTakeFirstOrThrow();
  return { executionId: existing.id, created: false };
}
