import { type Kysely, sql } from 'kysely';

// Escalation policies, on-call schedules, services, integrations, alerts, incidents and
// notifications: everything between an alert arriving and a person being paged.
const statements = [
  `CREATE TABLE escalation_policy (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id uuid NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    name text NOT NULL,
    description text NOT NULL DEFAULT '',
    repeat_count integer NOT NULL DEFAULT 0 CHECK (repeat_count BETWEEN 0 AND 9),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `ALTER TABLE team ADD CONSTRAINT team_default_escalation_policy_fk
    FOREIGN KEY (default_escalation_policy_id) REFERENCES escalation_policy (id) ON DELETE SET NULL`,
  `CREATE TABLE escalation_level (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    policy_id uuid NOT NULL REFERENCES escalation_policy (id) ON DELETE CASCADE,
    position integer NOT NULL CHECK (position >= 0),
    delay_minutes integer NOT NULL CHECK (delay_minutes BETWEEN 1 AND 1440),
    UNIQUE (policy_id, position)
  )`,

  `CREATE TABLE schedule (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id uuid NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    name text NOT NULL,
    time_zone text NOT NULL,
    rotation_type text NOT NULL CHECK (rotation_type IN ('daily', 'weekly')),
    shift_length integer NOT NULL DEFAULT 1 CHECK (shift_length BETWEEN 1 AND 52),
    handoff_time text NOT NULL CHECK (handoff_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
    rotation_start_date date NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE schedule_participant (
    schedule_id uuid NOT NULL REFERENCES schedule (id) ON DELETE CASCADE,
    position integer NOT NULL CHECK (position >= 0),
    user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    PRIMARY KEY (schedule_id, position)
  )`,
  `CREATE TABLE schedule_override (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    schedule_id uuid NOT NULL REFERENCES schedule (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at)
  )`,
  `CREATE INDEX schedule_override_range_idx ON schedule_override (schedule_id, ends_at)`,

  `CREATE TABLE escalation_target (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    level_id uuid NOT NULL REFERENCES escalation_level (id) ON DELETE CASCADE,
    target_type text NOT NULL CHECK (target_type IN ('user', 'schedule', 'team')),
    user_id uuid REFERENCES app_user (id) ON DELETE CASCADE,
    schedule_id uuid REFERENCES schedule (id) ON DELETE CASCADE,
    team_id uuid REFERENCES team (id) ON DELETE CASCADE,
    CHECK (
      (target_type = 'user' AND user_id IS NOT NULL AND schedule_id IS NULL AND team_id IS NULL) OR
      (target_type = 'schedule' AND schedule_id IS NOT NULL AND user_id IS NULL AND team_id IS NULL) OR
      (target_type = 'team' AND team_id IS NOT NULL AND user_id IS NULL AND schedule_id IS NULL)
    )
  )`,

  `CREATE TABLE service (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id uuid NOT NULL REFERENCES team (id) ON DELETE RESTRICT,
    name text NOT NULL,
    routing_key text NOT NULL UNIQUE,
    description text NOT NULL DEFAULT '',
    escalation_policy_id uuid REFERENCES escalation_policy (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,

  `CREATE TABLE integration (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    service_id uuid NOT NULL REFERENCES service (id) ON DELETE CASCADE,
    name text NOT NULL,
    format text NOT NULL CHECK (format IN ('alertmanager', 'grafana', 'pagerduty', 'datadog', 'newrelic', 'generic')),
    integration_key text NOT NULL UNIQUE,
    signature_required boolean NOT NULL DEFAULT false,
    signature_header text NOT NULL DEFAULT 'x-pagefree-signature',
    signature_encoding text NOT NULL DEFAULT 'hex' CHECK (signature_encoding IN ('hex', 'base64')),
    timestamp_header text,
    field_mapping jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    disabled_at timestamptz
  )`,
  `CREATE TABLE integration_secret (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    integration_id uuid NOT NULL REFERENCES integration (id) ON DELETE CASCADE,
    ciphertext text NOT NULL,
    key_id text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz
  )`,
  `CREATE INDEX integration_secret_integration_idx ON integration_secret (integration_id)`,

  `CREATE TABLE inbound_delivery (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    integration_id uuid REFERENCES integration (id) ON DELETE CASCADE,
    received_at timestamptz NOT NULL DEFAULT now(),
    format text NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
    http_status integer NOT NULL,
    error_code text,
    alert_count integer NOT NULL DEFAULT 0,
    incident_ids uuid[] NOT NULL DEFAULT '{}',
    ip text,
    body_bytes integer NOT NULL DEFAULT 0
  )`,
  `CREATE INDEX inbound_delivery_integration_idx ON inbound_delivery (integration_id, received_at DESC)`,

  `CREATE TABLE incident (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    number bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    service_id uuid NOT NULL REFERENCES service (id) ON DELETE RESTRICT,
    team_id uuid NOT NULL REFERENCES team (id) ON DELETE RESTRICT,
    dedup_key text NOT NULL,
    title text NOT NULL,
    description text NOT NULL DEFAULT '',
    severity text NOT NULL CHECK (severity IN ('critical', 'error', 'warning', 'info')),
    priority text NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4', 'P5')),
    status text NOT NULL CHECK (status IN ('triggered', 'acknowledged', 'resolved')),
    alert_count integer NOT NULL DEFAULT 0,
    links jsonb NOT NULL DEFAULT '[]',
    assignee_id uuid REFERENCES app_user (id) ON DELETE SET NULL,
    escalation_policy_id uuid REFERENCES escalation_policy (id) ON DELETE SET NULL,
    escalation_step integer NOT NULL DEFAULT 0,
    escalation_level integer NOT NULL DEFAULT 0,
    escalation_cycle integer NOT NULL DEFAULT 0,
    next_escalation_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    last_alert_at timestamptz NOT NULL DEFAULT now(),
    acknowledged_at timestamptz,
    acknowledged_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
    resolved_at timestamptz,
    resolved_by uuid REFERENCES app_user (id) ON DELETE SET NULL
  )`,
  // The dedup rule: at most one unresolved incident per service and dedup key. Ingestion
  // relies on this index with INSERT ... ON CONFLICT, so concurrent alerts cannot race.
  `CREATE UNIQUE INDEX incident_open_dedup_key ON incident (service_id, dedup_key) WHERE status <> 'resolved'`,
  `CREATE INDEX incident_team_status_idx ON incident (team_id, status, created_at DESC)`,
  `CREATE INDEX incident_due_escalation_idx ON incident (next_escalation_at) WHERE next_escalation_at IS NOT NULL`,

  `CREATE TABLE alert (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    incident_id uuid REFERENCES incident (id) ON DELETE CASCADE,
    integration_id uuid NOT NULL REFERENCES integration (id) ON DELETE CASCADE,
    delivery_id uuid NOT NULL REFERENCES inbound_delivery (id) ON DELETE CASCADE,
    service_id uuid NOT NULL REFERENCES service (id) ON DELETE CASCADE,
    dedup_key text NOT NULL,
    action text NOT NULL CHECK (action IN ('trigger', 'acknowledge', 'resolve')),
    summary text NOT NULL,
    severity text NOT NULL,
    source text,
    links jsonb NOT NULL DEFAULT '[]',
    payload jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX alert_incident_idx ON alert (incident_id, received_at)`,
  `CREATE INDEX alert_delivery_idx ON alert (delivery_id)`,

  `CREATE TABLE incident_event (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id uuid NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    type text NOT NULL,
    actor_type text NOT NULL,
    actor_id text,
    data jsonb NOT NULL DEFAULT '{}'
  )`,
  `CREATE INDEX incident_event_incident_idx ON incident_event (incident_id, id)`,

  `CREATE TABLE contact_method (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    type text NOT NULL CHECK (type IN ('email', 'webhook')),
    address text NOT NULL,
    label text NOT NULL DEFAULT '',
    secret_ciphertext text,
    secret_key_id text,
    enabled boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, type, address)
  )`,
  `CREATE TABLE push_subscription (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    endpoint text NOT NULL UNIQUE,
    p256dh text NOT NULL,
    auth text NOT NULL,
    user_agent text,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_success_at timestamptz
  )`,

  `CREATE TABLE notification (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    incident_id uuid NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    page_key text NOT NULL,
    channel text NOT NULL CHECK (channel IN ('push', 'email', 'webhook')),
    target_id uuid NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
    attempts integer NOT NULL DEFAULT 0,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz,
    UNIQUE (incident_id, page_key, channel, target_id)
  )`,
  `CREATE INDEX notification_pending_idx ON notification (created_at) WHERE status = 'pending'`,
  `CREATE INDEX notification_incident_idx ON notification (incident_id, created_at)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const tables = [
    'notification',
    'push_subscription',
    'contact_method',
    'incident_event',
    'alert',
    'incident',
    'inbound_delivery',
    'integration_secret',
    'integration',
    'service',
    'escalation_target',
    'schedule_override',
    'schedule_participant',
    'schedule',
    'escalation_level',
  ];
  for (const table of tables) {
    await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
  }
  await sql
    .raw('ALTER TABLE team DROP CONSTRAINT IF EXISTS team_default_escalation_policy_fk')
    .execute(db);
  await sql.raw('DROP TABLE IF EXISTS escalation_policy CASCADE').execute(db);
}
