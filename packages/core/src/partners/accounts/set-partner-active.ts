import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { requirePlatformAdmin } from '../../auth/permissions.ts';
import { actorOf } from '../../auth/principal.ts';
import type { Caller, PartnerAdminDeps } from '../deps.ts';
import type { setPartnerActiveInput } from '../schemas.ts';
import { endSessions } from '../sessions/end-sessions.ts';
import { toPartnerView } from '../views.ts';
import { loadPartner } from './load-partner.ts';

/**
 * Deactivates or reactivates a partner. Deactivation ends every session at once, and the
 * partner's access tokens are rejected as revoked while the partner stays deactivated.
 * Reactivation makes unexpired tokens work again but reopens no session.
 */
export async function setPartnerActive(
  deps: PartnerAdminDeps,
  caller: Caller,
  input: z.output<typeof setPartnerActiveInput>,
) {
  requirePlatformAdmin(caller.principal);
  const now = deps.clock.now();

  const { partner, changed } = await withTransaction(deps.db, async (trx) => {
    const current = await loadPartner(trx, input.partnerId, { forUpdate: true });
    if ((current.deactivated_at === null) === input.active) {
      return { partner: current, changed: false };
    }
    const updated = await trx
      .updateTable('partner')
      .set({ deactivated_at: input.active ? null : now, updated_at: now })
      .where('id', '=', input.partnerId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const endedSessions = input.active
      ? 0
      : await endSessions(trx, { partnerId: input.partnerId }, 'partner_deactivated', now);
    await recordAuditEvent(trx, actorOf(caller.principal, caller.ip), {
      action: input.active ? 'partner.reactivated' : 'partner.deactivated',
      resourceType: 'partner',
      resourceId: input.partnerId,
      metadata: { endedSessions },
    });
    return { partner: updated, changed: true };
  });

  if (changed) await deps.accessChanges.announce({ partnerId: input.partnerId });
  return toPartnerView(partner);
}
