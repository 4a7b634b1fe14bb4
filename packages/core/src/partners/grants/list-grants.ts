import type { z } from 'zod';
import { requirePlatformAdmin } from '../../auth/permissions.ts';
import type { Principal } from '../../auth/principal.ts';
import type { PartnerAdminDeps } from '../deps.ts';
import type { listGrantsInput } from '../schemas.ts';
import { selectGrants, toGrantView } from './grant-view.ts';

/** Lists grants by partner name and page name, optionally of one partner or one page. */
export async function listGrants(
  deps: Pick<PartnerAdminDeps, 'db' | 'statusSiteUrl'>,
  principal: Principal,
  input: z.output<typeof listGrantsInput>,
) {
  requirePlatformAdmin(principal);
  let query = selectGrants(deps.db)
    .orderBy('partner.name')
    .orderBy('page.name')
    .orderBy('grant.created_at', 'desc');
  if (input.partnerId) query = query.where('grant.partner_id', '=', input.partnerId);
  if (input.pageId) query = query.where('grant.page_id', '=', input.pageId);
  if (!input.includeRevoked) query = query.where('grant.revoked_at', 'is', null);
  const rows = await query.execute();
  return rows.map((row) => toGrantView(row, deps.statusSiteUrl));
}
