import type {
  ExecutionLogLine,
  RunbookExecutionDetail,
  RunbookExecutionView,
} from '@pagefree/contracts';
import type { Db, RunbookExecution } from '@pagefree/db';

type ExecutionRow = RunbookExecution & {
  runbook_name: string;
  incident_number: string;
  incident_title: string;
};

/** Executions joined with the name of the version they ran and their incident's number and title. */
export function selectExecutions(db: Db) {
  return db
    .selectFrom('runbook_execution')
    .innerJoin('runbook_version', 'runbook_version.id', 'runbook_execution.version_id')
    .innerJoin('incident', 'incident.id', 'runbook_execution.incident_id')
    .selectAll('runbook_execution')
    .select([
      'runbook_version.name as runbook_name',
      'incident.number as incident_number',
      'incident.title as incident_title',
    ]);
}

export function toExecutionView(row: ExecutionRow): RunbookExecutionView {
  return {
    id: row.id,
    runbookId: row.runbook_id,
    runbookName: row.runbook_name,
    versionId: row.version_id,
    version: row.version,
    incidentId: row.incident_id,
    incidentNumber: Number(row.incident_number),
    incidentTitle: row.incident_title,
    teamId: row.team_id,
    trigger: {
      type: row.trigger_type,
      userId: row.triggered_by,
      ruleId: row.rule_id,
      rerunOf: row.rerun_of,
    },
    dryRun: row.dry_run,
    status: row.status,
    attempt: row.attempt,
    maxAttempts: row.max_attempts,
    parameters: row.parameters,
    timeoutSeconds: row.timeout_seconds,
    queuedAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    durationMs:
      row.started_at && row.finished_at
        ? row.finished_at.getTime() - row.started_at.getTime()
        : null,
    cpuTimeMs: row.cpu_time_ms,
    result: row.result ?? null,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    outputBytes: row.output_bytes,
    outputTruncated: row.output_truncated,
  };
}

/** Loads an execution with its script and every stored log line, oldest first. */
export async function loadExecutionDetail(
  db: Db,
  executionId: string,
): Promise<RunbookExecutionDetail | null> {
  const row = await selectExecutions(db)
    .where('runbook_execution.id', '=', executionId)
    .executeTakeFirst();
  if (!row) return null;
  const lines = await db
    .selectFrom('runbook_execution_log')
    .select(['attempt', 'seq', 'level', 'message', 'logged_at'])
    .where('execution_id', '=', executionId)
    .orderBy('attempt')
    .orderBy('seq')
    .execute();
  return {
    ...toExecutionView(row),
    script: row.script,
    logs: lines.map(
      (line): ExecutionLogLine => ({
        attempt: line.attempt,
        seq: line.seq,
        level: line.level,
        message: line.message,
        at: line.logged_at.toISOString(),
      }),
    ),
  };
}
