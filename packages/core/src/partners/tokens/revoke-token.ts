import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { requirePlatformAdmin } from '../../auth/permissions.ts';
import { actorOf } from '../../auth/principal.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { Caller, PartnerAdminDeps } from '../deps.ts';
import type { tokenIdInput } from '../schemas.ts';
import { loadTokenView } from './token-view.ts';

/** Revokes an access token; status sites reject it from their next request. Idempotent. */
export async function revokeAccessToken(
  deps: PartnerAdminDeps,
  caller: Caller,
  input: z.output<typeof tokenIdInput>,
) {
  requirePlatformAdmin(caller.principal);
  const now = deps.clock.now();

  const { partnerId, changed } = await withTransaction(deps.db, async (trx) => {
    const token = await trx
      .selectFrom('partner_access_token')
      .select(['id', 'partner_id', 'page_id', 'revoked_at'])
      .where('id', '=', input.tokenId)
      .forUpdate()
      .executeTakeFirst();
    if (!token) throw new NotFoundError('Access token', input.tokenId);
    if (token.revoked_at) return { partnerId: token.partner_id, changed: false };

    await trx
      .updateTable('partner_access_token')
      .set({ revoked_at: now, revoked_by: caller.principal.userId })
      .where('id', '=', token.id)
      .execute();
    await recordAuditEvent(trx, actorOf(caller.principal, caller.ip), {
      action: 'partner_token.revoked',
      resourceType: 'partner_token',
      resourceId: token.id,
      metadata: { partnerId: token.partner_id, pageId: token.page_id },
    });
    return { partnerId: token.partner_id, changed: true };
  });

  if (changed) await deps.accessChanges.announce({ partnerId });
  return loadTokenView(deps.db, input.tokenId, now);
}
