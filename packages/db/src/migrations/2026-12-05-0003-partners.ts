import { type Kysely, sql } from 'kysely';

// Partner access to status pages: partner accounts, per-page grants, machine access tokens,
// magic-link sign-in links, partner sessions and the partner audit log. Every credential is
// stored only as the SHA-256 hex of the token; the tokens themselves are never stored.
const statements = [
  `CREATE TABLE partner (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    organisation text NOT NULL DEFAULT '',
    deactivated_at timestamptz,
    created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE UNIQUE INDEX partner_email_key ON partner (lower(email))`,

  // Per-page partner settings; a page without a row is not sensitive.
  `CREATE TABLE partner_page_setting (
    page_id uuid PRIMARY KEY REFERENCES status_page (id) ON DELETE CASCADE,
    sensitive boolean NOT NULL DEFAULT false,
    updated_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,

  `CREATE TABLE partner_grant (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    partner_id uuid NOT NULL REFERENCES partner (id) ON DELETE CASCADE,
    page_id uuid NOT NULL REFERENCES status_page (id) ON DELETE CASCADE,
    created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    revoked_by uuid REFERENCES app_user (id) ON DELETE SET NULL
  )`,
  // One active grant per partner and page; revoked grants stay for the record.
  `CREATE UNIQUE INDEX partner_grant_active_key ON partner_grant (partner_id, page_id) WHERE revoked_at IS NULL`,
  `CREATE INDEX partner_grant_page_idx ON partner_grant (page_id)`,

  `CREATE TABLE partner_access_token (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    grant_id uuid NOT NULL REFERENCES partner_grant (id) ON DELETE CASCADE,
    partner_id uuid NOT NULL REFERENCES partner (id) ON DELETE CASCADE,
    page_id uuid NOT NULL REFERENCES status_page (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    token_prefix text NOT NULL,
    expires_at timestamptz NOT NULL,
    created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    use_count bigint NOT NULL DEFAULT 0,
    revoked_at timestamptz,
    revoked_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
    replaces_token_id uuid REFERENCES partner_access_token (id) ON DELETE SET NULL
  )`,
  `CREATE INDEX partner_access_token_partner_idx ON partner_access_token (partner_id, created_at DESC)`,
  `CREATE INDEX partner_access_token_grant_idx ON partner_access_token (grant_id)`,

  `CREATE TABLE partner_sign_in_link (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    grant_id uuid NOT NULL REFERENCES partner_grant (id) ON DELETE CASCADE,
    partner_id uuid NOT NULL REFERENCES partner (id) ON DELETE CASCADE,
    page_id uuid NOT NULL REFERENCES status_page (id) ON DELETE CASCADE,
    token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    requested_ip text,
    requested_user_agent text
  )`,
  `CREATE INDEX partner_sign_in_link_recent_idx ON partner_sign_in_link (partner_id, page_id, created_at DESC)`,
  `CREATE INDEX partner_sign_in_link_expiry_idx ON partner_sign_in_link (expires_at)`,

  `CREATE TABLE partner_session (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    grant_id uuid NOT NULL REFERENCES partner_grant (id) ON DELETE CASCADE,
    partner_id uuid NOT NULL REFERENCES partner (id) ON DELETE CASCADE,
    page_id uuid NOT NULL REFERENCES status_page (id) ON DELETE CASCADE,
    token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    ended_at timestamptz,
    end_reason text CHECK (end_reason IN ('signed_out', 'replaced', 'ended_by_admin', 'grant_revoked', 'partner_deactivated')),
    ip text,
    user_agent text,
    CHECK ((ended_at IS NULL) = (end_reason IS NULL))
  )`,
  `CREATE INDEX partner_session_partner_idx ON partner_session (partner_id, created_at DESC)`,
  `CREATE INDEX partner_session_active_idx ON partner_session (expires_at) WHERE ended_at IS NULL`,

  // Partner activity. No foreign keys: events outlive deleted partners and pages for the
  // 90 days they are kept, and the ids still identify who and what.
  `CREATE TABLE partner_audit_event (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    action text NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('allowed', 'denied')),
    reason text,
    partner_id uuid,
    page_id uuid,
    credential_kind text CHECK (credential_kind IN ('session', 'token', 'sign_in_link')),
    credential_id uuid,
    ip text,
    user_agent text,
    path text,
    metadata jsonb NOT NULL DEFAULT '{}'
  )`,
  `CREATE INDEX partner_audit_event_time_idx ON partner_audit_event (occurred_at)`,
  `CREATE INDEX partner_audit_event_partner_idx ON partner_audit_event (partner_id, id DESC)`,
  `CREATE INDEX partner_audit_event_page_idx ON partner_audit_event (page_id, id DESC)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const tables = [
    'partner_audit_event',
    'partner_session',
    'partner_sign_in_link',
    'partner_access_token',
    'partner_grant',
    'partner_page_setting',
    'partner',
  ];
  for (const table of tables) {
    await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
  }
}
