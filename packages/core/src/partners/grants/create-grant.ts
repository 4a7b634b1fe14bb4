import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { requirePlatformAdmin } from '../../auth/permissions.ts';
import { actorOf } from '../../auth/principal.ts';
import { ConflictError, NotFoundError } from '../../shared/errors.ts';
import { loadPartner } from '../accounts/load-partner.ts';
import type { Caller, PartnerAdminDeps } from '../deps.ts';
import type { createGrantInput } from '../schemas.ts';
import { loadGrantView } from './grant-view.ts';

/**
 * Gives a partner access to one status page. The partner can then request sign-in links
 * for it, and admins can issue access tokens under the grant.
 */
export async function createGrant(
  deps: PartnerAdminDeps,
  caller: Caller,
  input: z.output<typeof createGrantInput>,
) {
  requirePlatformAdmin(caller.principal);

  const grantId = await withTransaction(deps.db, async (trx) => {
    await loadPartner(trx, input.partnerId, { forUpdate: true });
    const page = await trx
      .selectFrom('status_page')
      .select(['id', 'team_id'])
      .where('id', '=', input.pageId)
      .executeTakeFirst();
    if (!page) throw new NotFoundError('Status page', input.pageId);
    const existing = await trx
      .selectFrom('partner_grant')
      .select('id')
      .where('partner_id', '=', input.partnerId)
      .where('page_id', '=', input.pageId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (existing) throw new ConflictError('The partner already has access to this status page.');

    const grant = await trx
      .insertInto('partner_grant')
      .values({
        partner_id: input.partnerId,
        page_id: input.pageId,
        created_by: caller.principal.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, actorOf(caller.principal, caller.ip), {
      action: 'partner_grant.created',
      resourceType: 'partner_grant',
      resourceId: grant.id,
      teamId: page.team_id,
      metadata: { partnerId: input.partnerId, pageId: input.pageId },
    });
    return grant.id;
  });
  return loadGrantView(deps, grantId);
}
