import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { requirePlatformAdmin } from '../../auth/permissions.ts';
import { actorOf } from '../../auth/principal.ts';
import type { Caller, PartnerAdminDeps } from '../deps.ts';
import type { createTokenInput } from '../schemas.ts';
import { issueToken } from './issue-token.ts';
import { loadTokenView } from './token-view.ts';

/**
 * Issues an access token for a partner's own tools. The response carries the token this
 * one time; afterwards only its prefix, use count and last use can be read.
 */
export async function createAccessToken(
  deps: PartnerAdminDeps,
  caller: Caller,
  input: z.output<typeof createTokenInput>,
) {
  requirePlatformAdmin(caller.principal);
  const now = deps.clock.now();

  const issued = await withTransaction(deps.db, async (trx) => {
    const result = await issueToken(trx, {
      grantId: input.grantId,
      name: input.name,
      expiresInDays: input.expiresInDays,
      createdBy: caller.principal.userId,
      replacesTokenId: null,
      now,
    });
    await recordAuditEvent(trx, actorOf(caller.principal, caller.ip), {
      action: 'partner_token.created',
      resourceType: 'partner_token',
      resourceId: result.tokenId,
      teamId: result.teamId,
      metadata: { partnerId: result.partnerId, pageId: result.pageId },
    });
    return result;
  });
  return { token: issued.token, accessToken: await loadTokenView(deps.db, issued.tokenId, now) };
}
