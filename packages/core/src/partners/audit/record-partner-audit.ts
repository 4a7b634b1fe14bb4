import type { Db, PartnerAuditOutcome, PartnerCredentialKind } from '@pagefree/db';

/** Actions written to the partner audit log. */
export type PartnerAuditAction =
  | 'sign_in.link_requested'
  | 'sign_in.completed'
  | 'sign_out'
  | 'page.accessed'
  | 'access.denied';

/**
 * Why an attempt was denied:
 * - `invalid_credential`: no such token or session (never issued, mistyped, or signed out);
 * - `expired`, `revoked`: a known credential past its expiry, or withdrawn (token revoked,
 *   session ended, grant revoked, partner deactivated);
 * - `other_page`, `route_not_allowed`: a valid credential used outside its one page's reading routes;
 * - `rate_limited`: over a partner rate limit;
 * - sign-in outcomes: `unknown_email`, `no_grant`, `partner_deactivated`, `page_not_found`,
 *   `too_many_links`, `link_used`, `link_expired`, `invalid_link`.
 */
export type PartnerDenialReason =
  | 'invalid_credential'
  | 'expired'
  | 'revoked'
  | 'other_page'
  | 'route_not_allowed'
  | 'rate_limited'
  | 'unknown_email'
  | 'no_grant'
  | 'partner_deactivated'
  | 'page_not_found'
  | 'too_many_links'
  | 'link_used'
  | 'link_expired'
  | 'invalid_link';

export interface PartnerAuditEntry {
  action: PartnerAuditAction;
  outcome: PartnerAuditOutcome;
  reason?: PartnerDenialReason | null;
  partnerId?: string | null;
  pageId?: string | null;
  credentialKind?: PartnerCredentialKind | null;
  credentialId?: string | null;
  ip: string | null;
  userAgent: string | null;
  /** Request path; anything after `?` is dropped and token-shaped segments are masked. */
  path?: string | null;
  /** Ids, names and counts only; never a token. */
  metadata?: Record<string, string | number | boolean | null>;
  occurredAt?: Date;
}

/** Maximum stored user agent length; longer values are cut, since the header is client-controlled. */
const MAX_USER_AGENT_LENGTH = 512;
const MAX_PATH_LENGTH = 512;
/** A PageFree token anywhere in a path: kind prefix, underscore, 20 or more base64url characters. */
const TOKEN_IN_PATH = /pf[a-z]{1,3}_[A-Za-z0-9_-]{20,}/g;

/** Writes partner audit events; pass the transaction of the change they describe. */
export async function recordPartnerAudit(
  db: Db,
  entries: readonly PartnerAuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('partner_audit_event')
    .values(
      entries.map((entry) => ({
        ...(entry.occurredAt && { occurred_at: entry.occurredAt }),
        action: entry.action,
        outcome: entry.outcome,
        reason: entry.reason ?? null,
        partner_id: entry.partnerId ?? null,
        page_id: entry.pageId ?? null,
        credential_kind: entry.credentialKind ?? null,
        credential_id: entry.credentialId ?? null,
        ip: entry.ip,
        user_agent: entry.userAgent?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
        path: entry.path ? safePath(entry.path) : null,
        metadata: JSON.stringify(entry.metadata ?? {}),
      })),
    )
    .execute();
}

/** Drops the query string and masks token-shaped text, so a token typed into a URL is not kept. */
export function safePath(path: string): string {
  const withoutQuery = path.split('?', 1)[0] ?? '';
  return withoutQuery.replace(TOKEN_IN_PATH, '[redacted]').slice(0, MAX_PATH_LENGTH);
}
