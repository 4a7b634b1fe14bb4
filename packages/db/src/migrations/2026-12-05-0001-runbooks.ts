import { type Kysely, sql } from 'kysely';

// Runbook automation: runbooks and their immutable versions, encrypted secrets, automatic
// rules, executions with their log lines, dead letters and per-team circuit breakers.
const statements = [
  `CREATE TABLE runbook (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id uuid REFERENCES team (id) ON DELETE RESTRICT,
    latest_version integer NOT NULL DEFAULT 0,
    created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX runbook_team_idx ON runbook (team_id)`,

  // A version's content never changes after insert; only its status and the approval and
  // deprecation stamps do. The trigger below enforces that for every writer.
  `CREATE TABLE runbook_version (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    runbook_id uuid NOT NULL REFERENCES runbook (id) ON DELETE CASCADE,
    version integer NOT NULL CHECK (version >= 1),
    status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'APPROVED', 'DEPRECATED')),
    name text NOT NULL,
    description text NOT NULL DEFAULT '',
    script text NOT NULL,
    parameters_schema jsonb NOT NULL,
    allowed_hosts text[] NOT NULL DEFAULT '{}',
    private_network_hosts text[] NOT NULL DEFAULT '{}',
    secret_names text[] NOT NULL DEFAULT '{}',
    timeout_seconds integer NOT NULL DEFAULT 30 CHECK (timeout_seconds BETWEEN 1 AND 300),
    change_note text NOT NULL DEFAULT '',
    created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    approved_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
    approved_at timestamptz,
    deprecated_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
    deprecated_at timestamptz,
    UNIQUE (runbook_id, version)
  )`,
  // At most one approved version per runbook: the one that runs.
  `CREATE UNIQUE INDEX runbook_version_approved_key ON runbook_version (runbook_id) WHERE status = 'APPROVED'`,
  `CREATE INDEX runbook_version_pending_idx ON runbook_version (created_at) WHERE status = 'DRAFT'`,
  `CREATE FUNCTION runbook_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF (NEW.runbook_id, NEW.version, NEW.name, NEW.description, NEW.script, NEW.parameters_schema,
        NEW.allowed_hosts, NEW.private_network_hosts, NEW.secret_names, NEW.timeout_seconds,
        NEW.change_note, NEW.created_by, NEW.created_at)
       IS DISTINCT FROM
       (OLD.runbook_id, OLD.version, OLD.name, OLD.description, OLD.script, OLD.parameters_schema,
        OLD.allowed_hosts, OLD.private_network_hosts, OLD.secret_names, OLD.timeout_seconds,
        OLD.change_note, OLD.created_by, OLD.created_at) THEN
      RAISE EXCEPTION 'runbook_version % is immutable; save a new version instead', OLD.id;
    END IF;
    RETURN NEW;
  END $$`,
  `CREATE TRIGGER runbook_version_immutable BEFORE UPDATE ON runbook_version
    FOR EACH ROW EXECUTE FUNCTION runbook_version_immutable()`,

  `CREATE TABLE runbook_secret (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    runbook_id uuid NOT NULL REFERENCES runbook (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (name ~ '^[A-Z][A-Z0-9_]{0,63}$'),
    ciphertext text NOT NULL,
    key_id text NOT NULL,
    created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (runbook_id, name)
  )`,

  `CREATE TABLE runbook_rule (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id uuid NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    service_id uuid NOT NULL REFERENCES service (id) ON DELETE CASCADE,
    runbook_id uuid NOT NULL REFERENCES runbook (id) ON DELETE CASCADE,
    name text NOT NULL,
    priorities text[] NOT NULL DEFAULT '{}',
    labels jsonb NOT NULL DEFAULT '{}',
    parameters jsonb NOT NULL DEFAULT '{}',
    enabled boolean NOT NULL DEFAULT true,
    active_since timestamptz NOT NULL DEFAULT now(),
    created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX runbook_rule_service_idx ON runbook_rule (service_id) WHERE enabled`,
  // The rule scan looks for recently opened incidents of the services that have rules.
  `CREATE INDEX incident_service_created_idx ON incident (service_id, created_at)`,

  `CREATE TABLE runbook_execution (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    runbook_id uuid NOT NULL REFERENCES runbook (id) ON DELETE CASCADE,
    version_id uuid NOT NULL REFERENCES runbook_version (id) ON DELETE RESTRICT,
    version integer NOT NULL,
    script text NOT NULL,
    team_id uuid NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    incident_id uuid NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    trigger_type text NOT NULL CHECK (trigger_type IN ('manual', 'rule', 'dry_run', 'rerun')),
    trigger_key text NOT NULL,
    triggered_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
    rule_id uuid REFERENCES runbook_rule (id) ON DELETE SET NULL,
    rerun_of uuid REFERENCES runbook_execution (id) ON DELETE SET NULL,
    dry_run boolean NOT NULL DEFAULT false,
    parameters jsonb NOT NULL,
    timeout_seconds integer NOT NULL,
    status text NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED')),
    attempt integer NOT NULL DEFAULT 1,
    max_attempts integer NOT NULL DEFAULT 3,
    available_at timestamptz NOT NULL DEFAULT now(),
    dispatched_at timestamptz,
    started_at timestamptz,
    finished_at timestamptz,
    last_report_at timestamptz,
    result jsonb,
    error_code text,
    error_message text,
    output_bytes integer NOT NULL DEFAULT 0,
    output_truncated boolean NOT NULL DEFAULT false,
    cpu_time_ms integer,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (incident_id, runbook_id, trigger_key)
  )`,
  `CREATE INDEX runbook_execution_undispatched_idx ON runbook_execution (available_at)
    WHERE status = 'QUEUED' AND dispatched_at IS NULL`,
  `CREATE INDEX runbook_execution_in_flight_idx ON runbook_execution (dispatched_at)
    WHERE status IN ('QUEUED', 'RUNNING') AND dispatched_at IS NOT NULL`,
  `CREATE INDEX runbook_execution_incident_idx ON runbook_execution (incident_id, created_at DESC)`,
  `CREATE INDEX runbook_execution_runbook_idx ON runbook_execution (runbook_id, created_at DESC)`,
  `CREATE INDEX runbook_execution_team_finished_idx ON runbook_execution (team_id, finished_at DESC)
    WHERE finished_at IS NOT NULL AND NOT dry_run`,

  `CREATE TABLE runbook_execution_log (
    execution_id uuid NOT NULL REFERENCES runbook_execution (id) ON DELETE CASCADE,
    attempt integer NOT NULL,
    seq integer NOT NULL,
    level text NOT NULL CHECK (level IN ('info', 'warn', 'error')),
    message text NOT NULL,
    logged_at timestamptz NOT NULL,
    PRIMARY KEY (execution_id, attempt, seq)
  )`,

  `CREATE TABLE runbook_rule_evaluation (
    rule_id uuid NOT NULL REFERENCES runbook_rule (id) ON DELETE CASCADE,
    incident_id uuid NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    outcome text NOT NULL CHECK (outcome IN ('queued', 'not_matched', 'no_approved_version', 'invalid_parameters', 'circuit_open')),
    execution_id uuid REFERENCES runbook_execution (id) ON DELETE SET NULL,
    evaluated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (rule_id, incident_id)
  )`,

  `CREATE TABLE runbook_dead_letter (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    execution_id uuid NOT NULL UNIQUE REFERENCES runbook_execution (id) ON DELETE CASCADE,
    runbook_id uuid NOT NULL REFERENCES runbook (id) ON DELETE CASCADE,
    team_id uuid NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    reason text NOT NULL,
    message text NOT NULL,
    attempts integer NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    rerun_execution_id uuid REFERENCES runbook_execution (id) ON DELETE SET NULL,
    rerun_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
    rerun_at timestamptz
  )`,
  `CREATE INDEX runbook_dead_letter_open_idx ON runbook_dead_letter (created_at DESC) WHERE rerun_at IS NULL`,

  `CREATE TABLE runbook_circuit (
    team_id uuid PRIMARY KEY REFERENCES team (id) ON DELETE CASCADE,
    state text NOT NULL CHECK (state IN ('closed', 'open')),
    window_start timestamptz NOT NULL,
    opened_at timestamptz,
    open_until timestamptz,
    failures integer NOT NULL DEFAULT 0,
    runs integer NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const tables = [
    'runbook_circuit',
    'runbook_dead_letter',
    'runbook_rule_evaluation',
    'runbook_execution_log',
    'runbook_execution',
    'runbook_rule',
    'runbook_secret',
    'runbook_version',
    'runbook',
  ];
  for (const table of tables) {
    await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
  }
  await sql.raw('DROP FUNCTION IF EXISTS runbook_version_immutable()').execute(db);
  await sql.raw('DROP INDEX IF EXISTS incident_service_created_idx').execute(db);
}
