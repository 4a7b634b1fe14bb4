import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { requirePlatformAdmin } from '../../auth/permissions.ts';
import { actorOf } from '../../auth/principal.ts';
import type { Caller, PartnerAdminDeps } from '../deps.ts';
import type { partnerIdInput } from '../schemas.ts';
import { loadPartner } from './load-partner.ts';

/**
 * Deletes a partner with their grants, tokens, sessions and sign-in links. Their partner
 * audit events stay until the retention cleanup removes them.
 */
export async function deletePartner(
  deps: PartnerAdminDeps,
  caller: Caller,
  input: z.output<typeof partnerIdInput>,
): Promise<{ ok: true }> {
  requirePlatformAdmin(caller.principal);

  await withTransaction(deps.db, async (trx) => {
    await loadPartner(trx, input.partnerId, { forUpdate: true });
    await trx.deleteFrom('partner').where('id', '=', input.partnerId).execute();
    await recordAuditEvent(trx, actorOf(caller.principal, caller.ip), {
      action: 'partner.deleted',
      resourceType: 'partner',
      resourceId: input.partnerId,
    });
  });

  await deps.accessChanges.announce({ partnerId: input.partnerId });
  return { ok: true };
}
