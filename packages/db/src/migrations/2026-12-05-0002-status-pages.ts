import { type Kysely, sql } from 'kysely';

// Status pages: pages and their components, status incidents written by people, scheduled
// maintenance, recorded component status intervals, published snapshots, and subscribers
// with one notice per subscriber and event.
const COMPONENT_STATUSES = `'operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'`;
const INCIDENT_STATUSES = `'investigating', 'identified', 'monitoring', 'resolved'`;

const statements = [
  `CREATE TABLE status_page (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id uuid NOT NULL REFERENCES team (id) ON DELETE RESTRICT,
    slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
    name text NOT NULL,
    description text NOT NULL DEFAULT '',
    visibility text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'private')),
    time_zone text NOT NULL DEFAULT 'UTC',
    frame_ancestors text[] NOT NULL DEFAULT '{}',
    support_url text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX status_page_team_idx ON status_page (team_id)`,

  `CREATE TABLE status_section (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    page_id uuid NOT NULL REFERENCES status_page (id) ON DELETE CASCADE,
    name text NOT NULL,
    position integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX status_section_page_idx ON status_section (page_id, position)`,

  `CREATE TABLE status_component (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    page_id uuid NOT NULL REFERENCES status_page (id) ON DELETE CASCADE,
    section_id uuid REFERENCES status_section (id) ON DELETE SET NULL,
    name text NOT NULL,
    description text NOT NULL DEFAULT '',
    position integer NOT NULL DEFAULT 0,
    show_uptime boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX status_component_page_idx ON status_component (page_id, position)`,
  `CREATE TABLE status_component_service (
    component_id uuid NOT NULL REFERENCES status_component (id) ON DELETE CASCADE,
    service_id uuid NOT NULL REFERENCES service (id) ON DELETE CASCADE,
    PRIMARY KEY (component_id, service_id)
  )`,
  `CREATE INDEX status_component_service_service_idx ON status_component_service (service_id)`,
  `CREATE TABLE status_component_interval (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    component_id uuid NOT NULL REFERENCES status_component (id) ON DELETE CASCADE,
    status text NOT NULL CHECK (status IN (${COMPONENT_STATUSES})),
    started_at timestamptz NOT NULL,
    ended_at timestamptz,
    CHECK (ended_at IS NULL OR ended_at >= started_at)
  )`,
  // One open interval per component: the status it is in now.
  `CREATE UNIQUE INDEX status_component_interval_open_key ON status_component_interval (component_id) WHERE ended_at IS NULL`,
  `CREATE INDEX status_component_interval_range_idx ON status_component_interval (component_id, started_at)`,

  `CREATE TABLE status_incident (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    page_id uuid NOT NULL REFERENCES status_page (id) ON DELETE CASCADE,
    title text NOT NULL,
    status text NOT NULL CHECK (status IN (${INCIDENT_STATUSES})),
    impact text NOT NULL CHECK (impact IN ('none', 'minor', 'major', 'critical')),
    created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    monitoring_at timestamptz,
    resolved_at timestamptz
  )`,
  `CREATE INDEX status_incident_page_idx ON status_incident (page_id, created_at DESC)`,
  `CREATE TABLE status_incident_component (
    status_incident_id uuid NOT NULL REFERENCES status_incident (id) ON DELETE CASCADE,
    component_id uuid NOT NULL REFERENCES status_component (id) ON DELETE CASCADE,
    status text NOT NULL CHECK (status IN ('operational', 'degraded_performance', 'partial_outage', 'major_outage')),
    PRIMARY KEY (status_incident_id, component_id)
  )`,
  `CREATE TABLE status_incident_link (
    status_incident_id uuid NOT NULL REFERENCES status_incident (id) ON DELETE CASCADE,
    incident_id uuid NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    PRIMARY KEY (status_incident_id, incident_id)
  )`,
  `CREATE TABLE status_incident_update (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    status_incident_id uuid NOT NULL REFERENCES status_incident (id) ON DELETE CASCADE,
    status text NOT NULL CHECK (status IN (${INCIDENT_STATUSES})),
    body text NOT NULL,
    created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX status_incident_update_incident_idx ON status_incident_update (status_incident_id, created_at)`,
  `CREATE TABLE status_template (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    page_id uuid NOT NULL REFERENCES status_page (id) ON DELETE CASCADE,
    name text NOT NULL,
    title text NOT NULL,
    body text NOT NULL,
    status text NOT NULL DEFAULT 'investigating' CHECK (status IN (${INCIDENT_STATUSES})),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (page_id, name)
  )`,

  `CREATE TABLE status_maintenance (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    page_id uuid NOT NULL REFERENCES status_page (id) ON DELETE CASCADE,
    title text NOT NULL,
    body text NOT NULL DEFAULT '',
    time_zone text NOT NULL,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    recurrence text NOT NULL DEFAULT 'none' CHECK (recurrence IN ('none', 'daily', 'weekly', 'monthly')),
    recurrence_interval integer NOT NULL DEFAULT 1 CHECK (recurrence_interval BETWEEN 1 AND 52),
    recurrence_until timestamptz,
    notify_minutes_before integer NOT NULL DEFAULT 60 CHECK (notify_minutes_before BETWEEN 0 AND 10080),
    state text NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled', 'in_progress', 'completed', 'cancelled')),
    occurrence_starts_at timestamptz NOT NULL,
    occurrence_ends_at timestamptz NOT NULL,
    reminded_for timestamptz,
    started_at timestamptz,
    completed_at timestamptz,
    created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at),
    CHECK (occurrence_ends_at > occurrence_starts_at)
  )`,
  `CREATE INDEX status_maintenance_page_idx ON status_maintenance (page_id, occurrence_starts_at)`,
  `CREATE INDEX status_maintenance_due_start_idx ON status_maintenance (occurrence_starts_at) WHERE state = 'scheduled'`,
  `CREATE INDEX status_maintenance_due_end_idx ON status_maintenance (occurrence_ends_at) WHERE state = 'in_progress'`,
  `CREATE TABLE status_maintenance_component (
    maintenance_id uuid NOT NULL REFERENCES status_maintenance (id) ON DELETE CASCADE,
    component_id uuid NOT NULL REFERENCES status_component (id) ON DELETE CASCADE,
    PRIMARY KEY (maintenance_id, component_id)
  )`,

  `CREATE TABLE status_page_snapshot (
    page_id uuid NOT NULL REFERENCES status_page (id) ON DELETE CASCADE,
    version bigint NOT NULL CHECK (version > 0),
    content jsonb NOT NULL,
    content_hash text NOT NULL,
    published_at timestamptz NOT NULL,
    PRIMARY KEY (page_id, version)
  )`,

  `CREATE TABLE status_subscriber (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    page_id uuid NOT NULL REFERENCES status_page (id) ON DELETE CASCADE,
    channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
    email text,
    webhook_url text,
    secret_ciphertext text,
    secret_key_id text,
    component_ids uuid[] NOT NULL DEFAULT '{}',
    token_salt text NOT NULL,
    manage_token_hash text NOT NULL UNIQUE,
    confirm_token_hash text UNIQUE,
    confirm_expires_at timestamptz,
    confirmed_at timestamptz,
    unsubscribed_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (
      (channel = 'email' AND email IS NOT NULL) OR
      (channel = 'webhook' AND webhook_url IS NOT NULL AND secret_ciphertext IS NOT NULL)
    )
  )`,
  `CREATE UNIQUE INDEX status_subscriber_email_key ON status_subscriber (page_id, lower(email)) WHERE channel = 'email' AND unsubscribed_at IS NULL`,
  `CREATE INDEX status_subscriber_page_idx ON status_subscriber (page_id, created_at DESC)`,

  `CREATE TABLE status_notice_event (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    page_id uuid NOT NULL REFERENCES status_page (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('incident_created', 'incident_updated', 'maintenance_scheduled', 'maintenance_reminder', 'maintenance_started', 'maintenance_completed')),
    status_incident_id uuid REFERENCES status_incident (id) ON DELETE CASCADE,
    update_id uuid REFERENCES status_incident_update (id) ON DELETE CASCADE,
    maintenance_id uuid REFERENCES status_maintenance (id) ON DELETE CASCADE,
    occurrence_starts_at timestamptz,
    component_ids uuid[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    fanned_out_at timestamptz
  )`,
  // A maintenance step happens once per occurrence, so it is announced once.
  `CREATE UNIQUE INDEX status_notice_event_maintenance_key ON status_notice_event (maintenance_id, occurrence_starts_at, kind) WHERE maintenance_id IS NOT NULL`,
  `CREATE INDEX status_notice_event_pending_idx ON status_notice_event (created_at) WHERE fanned_out_at IS NULL`,
  `CREATE TABLE status_notice (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id uuid NOT NULL REFERENCES status_notice_event (id) ON DELETE CASCADE,
    subscriber_id uuid NOT NULL REFERENCES status_subscriber (id) ON DELETE CASCADE,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
    attempts integer NOT NULL DEFAULT 0,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz,
    UNIQUE (subscriber_id, event_id)
  )`,
  `CREATE INDEX status_notice_pending_idx ON status_notice (created_at) WHERE status = 'pending'`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const tables = [
    'status_notice',
    'status_notice_event',
    'status_subscriber',
    'status_page_snapshot',
    'status_maintenance_component',
    'status_maintenance',
    'status_template',
    'status_incident_update',
    'status_incident_link',
    'status_incident_component',
    'status_incident',
    'status_component_interval',
    'status_component_service',
    'status_component',
    'status_section',
    'status_page',
  ];
  for (const table of tables) {
    await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
  }
}
