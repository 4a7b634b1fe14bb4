import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { requirePlatformAdmin } from '../../auth/permissions.ts';
import { actorOf } from '../../auth/principal.ts';
import type { Caller, PartnerAdminDeps } from '../deps.ts';
import type { createPartnerInput } from '../schemas.ts';
import { toPartnerView } from '../views.ts';
import { requireUnusedEmail } from './partner-email.ts';

/** Creates a partner account. It grants nothing until a grant names a status page. */
export async function createPartner(
  deps: PartnerAdminDeps,
  caller: Caller,
  input: z.output<typeof createPartnerInput>,
) {
  requirePlatformAdmin(caller.principal);

  const partner = await withTransaction(deps.db, async (trx) => {
    await requireUnusedEmail(trx, input.email);
    const created = await trx
      .insertInto('partner')
      .values({
        name: input.name,
        email: input.email,
        organisation: input.organisation,
        created_by: caller.principal.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, actorOf(caller.principal, caller.ip), {
      action: 'partner.created',
      resourceType: 'partner',
      resourceId: created.id,
    });
    return created;
  });
  return toPartnerView(partner);
}
