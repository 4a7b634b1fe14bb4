import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { GeneratedTimestamp, Json, Priority, Timestamp } from './schema.ts';

export type RunbookVersionStatus = 'DRAFT' | 'APPROVED' | 'DEPRECATED';
export type RunbookExecutionStatus =
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'TIMED_OUT'
  | 'CANCELLED';
export type RunbookTriggerType = 'manual' | 'rule' | 'dry_run' | 'rerun';
export type RunbookLogLevel = 'info' | 'warn' | 'error';
export type RunbookRuleOutcome =
  | 'queued'
  | 'not_matched'
  | 'no_approved_version'
  | 'invalid_parameters'
  | 'circuit_open';

/** A runbook's identity and owner; everything an author edits lives in its versions. */
export interface RunbookTable {
  id: Generated<string>;
  /** Owning team; null for a global runbook, which only platform admins edit. */
  team_id: string | null;
  /** Number of the newest version, so a new draft takes the next one. */
  latest_version: Generated<number>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

/** One immutable version; a database trigger rejects changes to anything but its status. */
export interface RunbookVersionTable {
  id: Generated<string>;
  runbook_id: string;
  version: number;
  status: Generated<RunbookVersionStatus>;
  name: string;
  description: Generated<string>;
  script: string;
  /** JSON Schema (draft 2020-12 subset that Ajv compiles) for the run parameters. */
  parameters_schema: Json<Record<string, unknown>>;
  /** Allowlist entries (`host` or `host:port`) the script's fetch may call. */
  allowed_hosts: ColumnType<string[], string[] | undefined, string[]>;
  /** Entries of `allowed_hosts` that may resolve to private or loopback addresses. */
  private_network_hosts: ColumnType<string[], string[] | undefined, string[]>;
  secret_names: ColumnType<string[], string[] | undefined, string[]>;
  timeout_seconds: Generated<number>;
  change_note: Generated<string>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  approved_by: string | null;
  approved_at: Timestamp | null;
  deprecated_by: string | null;
  deprecated_at: Timestamp | null;
}

/** A runbook secret, AES-256-GCM encrypted with `runbook-secret:<runbook id>:<name>` as context. */
export interface RunbookSecretTable {
  id: Generated<string>;
  runbook_id: string;
  name: string;
  ciphertext: string;
  key_id: string;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

/** Runs a runbook when an incident of `service_id` opens with a matching priority and labels. */
export interface RunbookRuleTable {
  id: Generated<string>;
  team_id: string;
  service_id: string;
  runbook_id: string;
  name: string;
  /** Empty matches every priority. */
  priorities: ColumnType<Priority[], Priority[] | undefined, Priority[]>;
  /** Every pair must equal a label of the incident's first alert; empty matches all. */
  labels: ColumnType<Record<string, string>, string | undefined, string>;
  parameters: ColumnType<Record<string, unknown>, string | undefined, string>;
  enabled: Generated<boolean>;
  /** Incidents opened before this time never fire the rule (set on create and re-enable). */
  active_since: GeneratedTimestamp;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface RunbookExecutionTable {
  id: Generated<string>;
  runbook_id: string;
  version_id: string;
  version: number;
  /** The exact script text the run executes, copied from the version when it was queued. */
  script: string;
  /** The incident's team: who may watch the run, and whose circuit breaker it counts for. */
  team_id: string;
  incident_id: string;
  trigger_type: RunbookTriggerType;
  /** At most one run per (incident, runbook, trigger key), enforced by a unique constraint. */
  trigger_key: string;
  triggered_by: string | null;
  rule_id: string | null;
  rerun_of: string | null;
  dry_run: Generated<boolean>;
  parameters: Json<Record<string, unknown>>;
  timeout_seconds: number;
  status: RunbookExecutionStatus;
  attempt: Generated<number>;
  max_attempts: Generated<number>;
  /** Not dispatched to the runner before this time (retry backoff). */
  available_at: GeneratedTimestamp;
  dispatched_at: Timestamp | null;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  last_report_at: Timestamp | null;
  /** The masked return value. */
  result: ColumnType<unknown, string | null | undefined, string | null>;
  error_code: string | null;
  error_message: string | null;
  /** Bytes of stored log lines and result, at most the output limit. */
  output_bytes: Generated<number>;
  output_truncated: Generated<boolean>;
  cpu_time_ms: number | null;
  created_at: GeneratedTimestamp;
}

export interface RunbookExecutionLogTable {
  execution_id: string;
  attempt: number;
  seq: number;
  level: RunbookLogLevel;
  /** Masked before it was stored. */
  message: string;
  logged_at: Timestamp;
}

/** An evaluated (rule, incident) pair; its primary key lets each rule fire at most once per incident. */
export interface RunbookRuleEvaluationTable {
  rule_id: string;
  incident_id: string;
  outcome: RunbookRuleOutcome;
  execution_id: string | null;
  evaluated_at: GeneratedTimestamp;
}

/** An execution that failed for good after its retries, kept for an admin to re-run. */
export interface RunbookDeadLetterTable {
  id: Generated<string>;
  execution_id: string;
  runbook_id: string;
  team_id: string;
  reason: string;
  message: string;
  attempts: number;
  created_at: GeneratedTimestamp;
  rerun_execution_id: string | null;
  rerun_by: string | null;
  rerun_at: Timestamp | null;
}

/** Per-team circuit breaker for automatic runs. */
export interface RunbookCircuitTable {
  team_id: string;
  state: 'closed' | 'open';
  /** Runs that finished before this time do not count (reset when the circuit closes). */
  window_start: Timestamp;
  opened_at: Timestamp | null;
  open_until: Timestamp | null;
  failures: Generated<number>;
  runs: Generated<number>;
  updated_at: GeneratedTimestamp;
}

/** Runbook automation tables: runbooks, their versions and executions. */
export interface RunbookTables {
  runbook: RunbookTable;
  runbook_version: RunbookVersionTable;
  runbook_secret: RunbookSecretTable;
  runbook_rule: RunbookRuleTable;
  runbook_execution: RunbookExecutionTable;
  runbook_execution_log: RunbookExecutionLogTable;
  runbook_rule_evaluation: RunbookRuleEvaluationTable;
  runbook_dead_letter: RunbookDeadLetterTable;
  runbook_circuit: RunbookCircuitTable;
}

export type Runbook = Selectable<RunbookTable>;
export type RunbookVersion = Selectable<RunbookVersionTable>;
export type NewRunbookVersion = Insertable<RunbookVersionTable>;
export type RunbookSecret = Selectable<RunbookSecretTable>;
export type RunbookRule = Selectable<RunbookRuleTable>;
export type RunbookExecution = Selectable<RunbookExecutionTable>;
export type NewRunbookExecution = Insertable<RunbookExecutionTable>;
export type RunbookExecutionLog = Selectable<RunbookExecutionLogTable>;
export type RunbookDeadLetter = Selectable<RunbookDeadLetterTable>;
export type RunbookCircuit = Selectable<RunbookCircuitTable>;
