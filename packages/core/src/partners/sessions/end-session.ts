import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { requirePlatformAdmin } from '../../auth/permissions.ts';
import { actorOf } from '../../auth/principal.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { Caller, PartnerAdminDeps } from '../deps.ts';
import type { sessionIdInput } from '../schemas.ts';
import { endSessions } from './end-sessions.ts';

/** Ends one partner session on behalf of an admin; the browser is signed out on its next request. */
export async function endPartnerSession(
  deps: PartnerAdminDeps,
  caller: Caller,
  input: z.output<typeof sessionIdInput>,
): Promise<{ ended: boolean }> {
  requirePlatformAdmin(caller.principal);
  const now = deps.clock.now();

  const { partnerId, ended } = await withTransaction(deps.db, async (trx) => {
    const session = await trx
      .selectFrom('partner_session')
      .select(['id', 'partner_id', 'page_id'])
      .where('id', '=', input.sessionId)
      .forUpdate()
      .executeTakeFirst();
    if (!session) throw new NotFoundError('Partner session', input.sessionId);
    const count = await endSessions(trx, { sessionId: session.id }, 'ended_by_admin', now);
    if (count > 0) {
      await recordAuditEvent(trx, actorOf(caller.principal, caller.ip), {
        action: 'partner_session.ended',
        resourceType: 'partner_session',
        resourceId: session.id,
        metadata: { partnerId: session.partner_id, pageId: session.page_id },
      });
    }
    return { partnerId: session.partner_id, ended: count > 0 };
  });

  if (ended) await deps.accessChanges.announce({ partnerId });
  return { ended };
}
