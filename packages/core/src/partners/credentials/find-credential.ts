import type { Db, PartnerSessionEndReason } from '@pagefree/db';

/**
 * The facts the status site decides a presented partner credential on. Times are epoch
 * milliseconds, so the record survives a JSON round trip and compares cheaply.
 */
export interface PartnerCredentialRecord {
  kind: 'token' | 'session';
  id: string;
  partnerId: string;
  grantId: string;
  pageId: string;
  pageSlug: string;
  expiresAt: number;
  /** When the token was revoked or the session ended; null while neither happened. */
  endedAt: number | null;
  /** Reason a session ended; null for tokens and open sessions. */
  endReason: PartnerSessionEndReason | null;
  grantRevoked: boolean;
  partnerDeactivated: boolean;
}

/**
 * Looks up an access token or session by the SHA-256 hex of its value, with the state of
 * its grant and partner. Returns null for a hash that was never issued. One indexed query.
 */
export async function findPartnerCredential(
  db: Db,
  kind: 'token' | 'session',
  tokenHash: string,
): Promise<PartnerCredentialRecord | null> {
  if (kind === 'token') {
    const row = await db
      .selectFrom('partner_access_token as credential')
      .innerJoin('partner_grant as grant', 'grant.id', 'credential.grant_id')
      .innerJoin('partner', 'partner.id', 'credential.partner_id')
      .innerJoin('status_page as page', 'page.id', 'credential.page_id')
      .select([
        'credential.id',
        'credential.partner_id',
        'credential.grant_id',
        'credential.page_id',
        'credential.expires_at',
        'credential.revoked_at as ended_at',
        'grant.revoked_at as grant_revoked_at',
        'partner.deactivated_at',
        'page.slug',
      ])
      .where('credential.token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row ? toRecord('token', { ...row, end_reason: null }) : null;
  }

  const row = await db
    .selectFrom('partner_session as credential')
    .innerJoin('partner_grant as grant', 'grant.id', 'credential.grant_id')
    .innerJoin('partner', 'partner.id', 'credential.partner_id')
    .innerJoin('status_page as page', 'page.id', 'credential.page_id')
    .select([
      'credential.id',
      'credential.partner_id',
      'credential.grant_id',
      'credential.page_id',
      'credential.expires_at',
      'credential.ended_at',
      'credential.end_reason',
      'grant.revoked_at as grant_revoked_at',
      'partner.deactivated_at',
      'page.slug',
    ])
    .where('credential.token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ? toRecord('session', row) : null;
}

function toRecord(
  kind: 'token' | 'session',
  row: {
    id: string;
    partner_id: string;
    grant_id: string;
    page_id: string;
    expires_at: Date;
    ended_at: Date | null;
    end_reason: PartnerSessionEndReason | null;
    grant_revoked_at: Date | null;
    deactivated_at: Date | null;
    slug: string;
  },
): PartnerCredentialRecord {
  return {
    kind,
    id: row.id,
    partnerId: row.partner_id,
    grantId: row.grant_id,
    pageId: row.page_id,
    pageSlug: row.slug,
    expiresAt: row.expires_at.getTime(),
    endedAt: row.ended_at?.getTime() ?? null,
    endReason: row.end_reason,
    grantRevoked: row.grant_revoked_at !== null,
    partnerDeactivated: row.deactivated_at !== null,
  };
}
