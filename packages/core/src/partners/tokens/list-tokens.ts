import type { z } from 'zod';
import { requirePlatformAdmin } from '../../auth/permissions.ts';
import type { Principal } from '../../auth/principal.ts';
import type { PartnerAdminDeps } from '../deps.ts';
import type { listTokensInput } from '../schemas.ts';
import { selectTokens, toTokenView } from './token-view.ts';

/** Lists access tokens, newest first, optionally of one partner or one page. */
export async function listAccessTokens(
  deps: Pick<PartnerAdminDeps, 'db' | 'clock'>,
  principal: Principal,
  input: z.output<typeof listTokensInput>,
) {
  requirePlatformAdmin(principal);
  const now = deps.clock.now();
  let query = selectTokens(deps.db).orderBy('token.created_at', 'desc').orderBy('token.id');
  if (input.partnerId) query = query.where('token.partner_id', '=', input.partnerId);
  if (input.pageId) query = query.where('token.page_id', '=', input.pageId);
  if (!input.includeInactive) {
    query = query.where('token.revoked_at', 'is', null).where('token.expires_at', '>', now);
  }
  const rows = await query.execute();
  return rows.map((row) => toTokenView(row, now));
}
