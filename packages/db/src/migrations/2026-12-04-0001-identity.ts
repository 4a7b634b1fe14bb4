import { type Kysely, sql } from 'kysely';

// Users, sessions, API keys, teams and the audit log.
const statements = [
  `CREATE TABLE app_user (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email text NOT NULL,
    name text NOT NULL,
    password_hash text,
    platform_role text NOT NULL DEFAULT 'USER' CHECK (platform_role IN ('PLATFORM_ADMIN', 'USER')),
    time_zone text NOT NULL DEFAULT 'UTC',
    deactivated_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE UNIQUE INDEX app_user_email_key ON app_user (lower(email))`,

  `CREATE TABLE user_session (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    token_hash text NOT NULL UNIQUE,
    user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    ip text,
    user_agent text
  )`,
  `CREATE INDEX user_session_user_idx ON user_session (user_id)`,

  `CREATE TABLE api_key (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    token_hash text NOT NULL UNIQUE,
    token_prefix text NOT NULL,
    user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    scopes text[] NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz,
    last_used_at timestamptz,
    revoked_at timestamptz
  )`,

  `CREATE TABLE team (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    slug text NOT NULL UNIQUE,
    default_escalation_policy_id uuid,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE team_member (
    team_id uuid NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    role text NOT NULL CHECK (role IN ('TEAM_ADMIN', 'RESPONDER', 'OBSERVER')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, user_id)
  )`,
  `CREATE INDEX team_member_user_idx ON team_member (user_id)`,

  `CREATE TABLE audit_event (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_type text NOT NULL CHECK (actor_type IN ('user', 'api_key', 'integration', 'system', 'anonymous')),
    actor_id text,
    action text NOT NULL,
    resource_type text NOT NULL,
    resource_id text,
    team_id uuid,
    ip text,
    metadata jsonb NOT NULL DEFAULT '{}'
  )`,
  `CREATE INDEX audit_event_occurred_idx ON audit_event (occurred_at DESC)`,
  `CREATE INDEX audit_event_resource_idx ON audit_event (resource_type, resource_id)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_event',
    'team_member',
    'team',
    'api_key',
    'user_session',
    'app_user',
  ]) {
    await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
  }
}
