import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { requirePlatformAdmin } from '../../auth/permissions.ts';
import { actorOf } from '../../auth/principal.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { Caller, PartnerAdminDeps } from '../deps.ts';
import type { grantIdInput } from '../schemas.ts';
import { endSessions } from '../sessions/end-sessions.ts';
import { loadGrantView } from './grant-view.ts';

/**
 * Revokes a grant: its sessions end and its access tokens are revoked, so a new grant for
 * the same page does not bring old credentials back. Revoking twice changes nothing.
 */
export async function revokeGrant(
  deps: PartnerAdminDeps,
  caller: Caller,
  input: z.output<typeof grantIdInput>,
) {
  requirePlatformAdmin(caller.principal);
  const now = deps.clock.now();

  const { partnerId, changed } = await withTransaction(deps.db, async (trx) => {
    const grant = await trx
      .selectFrom('partner_grant')
      .innerJoin('status_page', 'status_page.id', 'partner_grant.page_id')
      .select([
        'partner_grant.id',
        'partner_grant.partner_id',
        'partner_grant.page_id',
        'partner_grant.revoked_at',
        'status_page.team_id',
      ])
      .where('partner_grant.id', '=', input.grantId)
      .forUpdate('partner_grant')
      .executeTakeFirst();
    if (!grant) throw new NotFoundError('Partner grant', input.grantId);
    if (grant.revoked_at) return { partnerId: grant.partner_id, changed: false };

    await trx
      .updateTable('partner_grant')
      .set({ revoked_at: now, revoked_by: caller.principal.userId })
      .where('id', '=', grant.id)
      .execute();
    const revokedTokens = await trx
      .updateTable('partner_access_token')
      .set({ revoked_at: now, revoked_by: caller.principal.userId })
      .where('grant_id', '=', grant.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const endedSessions = await endSessions(trx, { grantId: grant.id }, 'grant_revoked', now);
    await recordAuditEvent(trx, actorOf(caller.principal, caller.ip), {
      action: 'partner_grant.revoked',
      resourceType: 'partner_grant',
      resourceId: grant.id,
      teamId: grant.team_id,
      metadata: {
        partnerId: grant.partner_id,
        pageId: grant.page_id,
        revokedTokens: Number(revokedTokens.numUpdatedRows),
        endedSessions,
      },
    });
    return { partnerId: grant.partner_id, changed: true };
  });

  if (changed) await deps.accessChanges.announce({ partnerId });
  return loadGrantView(deps, input.grantId);
}
