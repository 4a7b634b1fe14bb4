import type { Db } from '@pagefree/db';
import { NotFoundError } from '../../shared/errors.ts';
import { credentialState } from '../views.ts';

/** Selects access tokens with their partner and page, for the admin views. Never the hash. */
export function selectTokens(db: Db) {
  return db
    .selectFrom('partner_access_token as token')
    .innerJoin('partner', 'partner.id', 'token.partner_id')
    .innerJoin('status_page as page', 'page.id', 'token.page_id')
    .select([
      'token.id',
      'token.grant_id',
      'token.partner_id',
      'token.page_id',
      'token.name',
      'token.token_prefix',
      'token.created_at',
      'token.expires_at',
      'token.last_used_at',
      'token.use_count',
      'token.revoked_at',
      'token.replaces_token_id',
      'partner.name as partner_name',
      'page.slug as page_slug',
      'page.name as page_name',
    ]);
}

type TokenRow = Awaited<ReturnType<ReturnType<typeof selectTokens>['executeTakeFirstOrThrow']>>;

export function toTokenView(row: TokenRow, now: Date) {
  return {
    id: row.id,
    grantId: row.grant_id,
    partnerId: row.partner_id,
    partnerName: row.partner_name,
    pageId: row.page_id,
    pageSlug: row.page_slug,
    pageName: row.page_name,
    name: row.name,
    /** The first characters of the token, enough to tell tokens apart, never enough to use one. */
    prefix: row.token_prefix,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    useCount: Number(row.use_count),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    replacesTokenId: row.replaces_token_id,
    state: credentialState(row, now),
  };
}

export async function loadTokenView(db: Db, tokenId: string, now: Date) {
  const row = await selectTokens(db).where('token.id', '=', tokenId).executeTakeFirst();
  if (!row) throw new NotFoundError('Access token', tokenId);
  return toTokenView(row, now);
}
