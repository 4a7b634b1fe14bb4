import { withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { actorOf } from '../../auth/principal.ts';
import { loadPageOf } from '../access.ts';
import type { Caller, StatusAdminDeps } from '../deps.ts';
import { endSubscription } from './unsubscribe.ts';

/**
 * Unsubscribes a subscriber on an admin's behalf (a bouncing address, a complaint). The row
 * stays for the audit trail, with its pending notices cancelled.
 */
export async function removeSubscriber(
  deps: StatusAdminDeps,
  caller: Caller,
  input: { subscriberId: string },
): Promise<void> {
  const page = await loadPageOf(
    deps.db,
    caller.principal,
    'status_subscriber',
    input.subscriberId,
    'configure',
  );
  const actor = actorOf(caller.principal, caller.ip);

  await withTransaction(deps.db, async (trx) => {
    await endSubscription(trx, input.subscriberId, deps.clock.now());
    await recordAuditEvent(trx, actor, {
      action: 'status_subscriber.removed',
      resourceType: 'status_subscriber',
      resourceId: input.subscriberId,
      teamId: page.team_id,
      metadata: { pageId: page.id },
    });
  });
}
