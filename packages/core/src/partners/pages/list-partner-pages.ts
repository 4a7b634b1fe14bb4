import { requirePlatformAdmin } from '../../auth/permissions.ts';
import type { Principal } from '../../auth/principal.ts';
import type { PartnerAdminDeps } from '../deps.ts';
import { signInUrl } from '../views.ts';
import { maxTokenDays } from './token-expiry.ts';

/**
 * Lists every status page with its partner settings: sensitivity, the resulting token
 * lifetime, the partners' sign-in URL and the number of active grants. Private pages first.
 */
export async function listPartnerPages(
  deps: Pick<PartnerAdminDeps, 'db' | 'statusSiteUrl'>,
  principal: Principal,
) {
  requirePlatformAdmin(principal);
  const rows = await deps.db
    .selectFrom('status_page as page')
    .leftJoin('partner_page_setting as setting', 'setting.page_id', 'page.id')
    .select((eb) => [
      'page.id',
      'page.slug',
      'page.name',
      'page.visibility',
      'setting.sensitive',
      eb
        .selectFrom('partner_grant')
        .select(eb.fn.countAll<string>().as('count'))
        .whereRef('partner_grant.page_id', '=', 'page.id')
        .where('partner_grant.revoked_at', 'is', null)
        .as('active_grants'),
    ])
    .orderBy((eb) => eb.case().when('page.visibility', '=', 'private').then(0).else(1).end())
    .orderBy('page.name')
    .execute();

  return rows.map((row) => {
    const sensitive = row.sensitive ?? false;
    return {
      id: row.id,
      slug: row.slug,
      name: row.name,
      visibility: row.visibility,
      sensitive,
      tokenMaxDays: maxTokenDays(sensitive),
      activeGrants: Number(row.active_grants ?? 0),
      signInUrl: signInUrl(deps.statusSiteUrl, row.slug),
    };
  });
}
