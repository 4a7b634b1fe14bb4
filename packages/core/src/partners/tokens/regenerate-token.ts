import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { requirePlatformAdmin } from '../../auth/permissions.ts';
import { actorOf } from '../../auth/principal.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { Caller, PartnerAdminDeps } from '../deps.ts';
import type { tokenIdInput } from '../schemas.ts';
import { issueToken } from './issue-token.ts';
import { loadTokenView } from './token-view.ts';

/**
 * Replaces an access token with a new one of the same name and grant, with a fresh expiry
 * (the longest the page allows). The old token is revoked in the same transaction, so it
 * stops working as soon as status sites hear of the change. Returns the new token once.
 */
export async function regenerateAccessToken(
  deps: PartnerAdminDeps,
  caller: Caller,
  input: z.output<typeof tokenIdInput>,
) {
  requirePlatformAdmin(caller.principal);
  const now = deps.clock.now();

  const issued = await withTransaction(deps.db, async (trx) => {
    const old = await trx
      .selectFrom('partner_access_token')
      .select(['id', 'grant_id', 'name', 'revoked_at'])
      .where('id', '=', input.tokenId)
      .forUpdate()
      .executeTakeFirst();
    if (!old) throw new NotFoundError('Access token', input.tokenId);

    if (!old.revoked_at) {
      await trx
        .updateTable('partner_access_token')
        .set({ revoked_at: now, revoked_by: caller.principal.userId })
        .where('id', '=', old.id)
        .execute();
    }
    const result = await issueToken(trx, {
      grantId: old.grant_id,
      name: old.name,
      expiresInDays: undefined,
      createdBy: caller.principal.userId,
      replacesTokenId: old.id,
      now,
    });
    await recordAuditEvent(trx, actorOf(caller.principal, caller.ip), {
      action: 'partner_token.regenerated',
      resourceType: 'partner_token',
      resourceId: result.tokenId,
      teamId: result.teamId,
      metadata: { partnerId: result.partnerId, pageId: result.pageId, replacedTokenId: old.id },
    });
    return result;
  });

  await deps.accessChanges.announce({ partnerId: issued.partnerId });
  return { token: issued.token, accessToken: await loadTokenView(deps.db, issued.tokenId, now) };
}
