import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { BigIntId, GeneratedTimestamp, Json, Timestamp } from './schema.ts';

export type PartnerSessionEndReason =
  | 'signed_out'
  | 'replaced'
  | 'ended_by_admin'
  | 'grant_revoked'
  | 'partner_deactivated';
export type PartnerCredentialKind = 'session' | 'token' | 'sign_in_link';
export type PartnerAuditOutcome = 'allowed' | 'denied';

/** A person or program outside the organisation who may read granted status pages. */
export interface PartnerTable {
  id: Generated<string>;
  name: string;
  /** Address of the sign-in links; unique without regard to case. */
  email: string;
  organisation: Generated<string>;
  deactivated_at: Timestamp | null;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface PartnerPageSettingTable {
  page_id: string;
  /** Access tokens for a sensitive page expire after 30 days at most, instead of 90. */
  sensitive: Generated<boolean>;
  updated_by: string | null;
  updated_at: GeneratedTimestamp;
}

/** Access of one partner to one status page; revoking it ends its sessions and tokens. */
export interface PartnerGrantTable {
  id: Generated<string>;
  partner_id: string;
  page_id: string;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
}

/** A bearer token for a partner's own tools, valid for the page of its grant. */
export interface PartnerAccessTokenTable {
  id: Generated<string>;
  grant_id: string;
  partner_id: string;
  page_id: string;
  name: string;
  /** SHA-256 hex of the token. */
  token_hash: string;
  /** The token's kind prefix and first characters, to tell tokens apart in lists. */
  token_prefix: string;
  expires_at: Timestamp;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  last_used_at: Timestamp | null;
  /** int8, read as a string. */
  use_count: ColumnType<string, string | number | undefined, string | number>;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
  /** The token this one was regenerated from. */
  replaces_token_id: string | null;
}

/** A single-use magic sign-in link, valid 15 minutes. */
export interface PartnerSignInLinkTable {
  id: Generated<string>;
  grant_id: string;
  partner_id: string;
  page_id: string;
  /** SHA-256 hex of the link's token. */
  token_hash: string;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  requested_ip: string | null;
  requested_user_agent: string | null;
}

/** A browser session on the status site, opened with a sign-in link, for 24 hours. */
export interface PartnerSessionTable {
  id: Generated<string>;
  grant_id: string;
  partner_id: string;
  page_id: string;
  /** SHA-256 hex of the session cookie's value. */
  token_hash: string;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  last_seen_at: GeneratedTimestamp;
  ended_at: Timestamp | null;
  end_reason: PartnerSessionEndReason | null;
  ip: string | null;
  user_agent: string | null;
}

/** Partner sign-ins, page access and denied attempts, kept 90 days. Never contains a token. */
export interface PartnerAuditEventTable {
  id: BigIntId;
  occurred_at: GeneratedTimestamp;
  action: string;
  outcome: PartnerAuditOutcome;
  reason: string | null;
  partner_id: string | null;
  page_id: string | null;
  credential_kind: PartnerCredentialKind | null;
  credential_id: string | null;
  ip: string | null;
  user_agent: string | null;
  /** Request path without the query string. */
  path: string | null;
  metadata: Json<Record<string, unknown>>;
}

/** Partner access tables: accounts, grants, credentials and the partner audit log. */
export interface PartnerTables {
  partner: PartnerTable;
  partner_page_setting: PartnerPageSettingTable;
  partner_grant: PartnerGrantTable;
  partner_access_token: PartnerAccessTokenTable;
  partner_sign_in_link: PartnerSignInLinkTable;
  partner_session: PartnerSessionTable;
  partner_audit_event: PartnerAuditEventTable;
}

export type Partner = Selectable<PartnerTable>;
export type NewPartner = Insertable<PartnerTable>;
export type PartnerGrant = Selectable<PartnerGrantTable>;
export type PartnerAccessToken = Selectable<PartnerAccessTokenTable>;
export type PartnerSignInLink = Selectable<PartnerSignInLinkTable>;
export type PartnerSession = Selectable<PartnerSessionTable>;
export type PartnerAuditEvent = Selectable<PartnerAuditEventTable>;
export type NewPartnerAuditEvent = Insertable<PartnerAuditEventTable>;
