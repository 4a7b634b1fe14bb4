import type { Db } from '@pagefree/db';
import { NotFoundError } from '../../shared/errors.ts';
import { signInUrl } from '../views.ts';

/** Selects grants with their partner and page, for the admin views. */
export function selectGrants(db: Db) {
  return db
    .selectFrom('partner_grant as grant')
    .innerJoin('partner', 'partner.id', 'grant.partner_id')
    .innerJoin('status_page as page', 'page.id', 'grant.page_id')
    .select([
      'grant.id',
      'grant.partner_id',
      'grant.page_id',
      'grant.created_at',
      'grant.revoked_at',
      'partner.name as partner_name',
      'partner.email as partner_email',
      'partner.deactivated_at as partner_deactivated_at',
      'page.slug as page_slug',
      'page.name as page_name',
      'page.visibility as page_visibility',
    ]);
}

type GrantRow = Awaited<ReturnType<ReturnType<typeof selectGrants>['executeTakeFirstOrThrow']>>;

export function toGrantView(row: GrantRow, statusSiteUrl: string | null) {
  return {
    id: row.id,
    partnerId: row.partner_id,
    partnerName: row.partner_name,
    partnerEmail: row.partner_email,
    partnerActive: row.partner_deactivated_at === null,
    pageId: row.page_id,
    pageSlug: row.page_slug,
    pageName: row.page_name,
    pageVisibility: row.page_visibility,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    active: row.revoked_at === null,
    signInUrl: signInUrl(statusSiteUrl, row.page_slug),
  };
}

export async function loadGrantView(
  deps: { db: Db; statusSiteUrl: string | null },
  grantId: string,
) {
  const row = await selectGrants(deps.db).where('grant.id', '=', grantId).executeTakeFirst();
  if (!row) throw new NotFoundError('Partner grant', grantId);
  return toGrantView(row, deps.statusSiteUrl);
}
