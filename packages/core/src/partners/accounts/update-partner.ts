import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { requirePlatformAdmin } from '../../auth/permissions.ts';
import { actorOf } from '../../auth/principal.ts';
import type { Caller, PartnerAdminDeps } from '../deps.ts';
import type { updatePartnerInput } from '../schemas.ts';
import { toPartnerView } from '../views.ts';
import { loadPartner } from './load-partner.ts';
import { requireUnusedEmail } from './partner-email.ts';

/**
 * Changes a partner's name, email or organisation. Sessions stay open: the email address
 * only decides where future sign-in links go.
 */
export async function updatePartner(
  deps: PartnerAdminDeps,
  caller: Caller,
  input: z.output<typeof updatePartnerInput>,
) {
  requirePlatformAdmin(caller.principal);

  const partner = await withTransaction(deps.db, async (trx) => {
    await loadPartner(trx, input.partnerId, { forUpdate: true });
    if (input.email !== undefined) await requireUnusedEmail(trx, input.email, input.partnerId);
    const updated = await trx
      .updateTable('partner')
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.email !== undefined && { email: input.email }),
        ...(input.organisation !== undefined && { organisation: input.organisation }),
        updated_at: deps.clock.now(),
      })
      .where('id', '=', input.partnerId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, actorOf(caller.principal, caller.ip), {
      action: 'partner.updated',
      resourceType: 'partner',
      resourceId: input.partnerId,
      metadata: {
        nameChanged: input.name !== undefined,
        emailChanged: input.email !== undefined,
        organisationChanged: input.organisation !== undefined,
      },
    });
    return updated;
  });
  return toPartnerView(partner);
}
