import type { Db } from '@pagefree/db';
import type { ActorRef } from '../auth/principal.ts';
import { recordIncidentEvent } from './record-incident-event.ts';

/**
 * State changes shared by people (API) and monitoring tools (ingestion). Each runs inside
 * the caller's transaction and returns false when the incident was not in a state the
 * change applies to, so concurrent acknowledges produce one timeline entry, not two.
 */

export interface TransitionActor {
  actor: ActorRef;
  /** The person behind the change, recorded as acknowledger or resolver; null for tools. */
  userId: string | null;
}

async function cancelPendingNotifications(trx: Db, incidentId: string): Promise<void> {
  await trx
    .updateTable('notification')
    .set({ status: 'cancelled' })
    .where('incident_id', '=', incidentId)
    .where('status', '=', 'pending')
    .execute();
}

export async function markAcknowledged(
  trx: Db,
  incidentId: string,
  by: TransitionActor,
  now: Date,
): Promise<boolean> {
  const updated = await trx
    .updateTable('incident')
    .set((eb) => ({
      status: 'acknowledged',
      acknowledged_at: now,
      acknowledged_by: by.userId,
      assignee_id: eb.fn.coalesce('assignee_id', eb.val(by.userId)),
      next_escalation_at: null,
      updated_at: now,
    }))
    .where('id', '=', incidentId)
    .where('status', '=', 'triggered')
    .returning('id')
    .executeTakeFirst();
  if (!updated) return false;

  await cancelPendingNotifications(trx, incidentId);
  await recordIncidentEvent(trx, incidentId, 'acknowledged', by.actor);
  return true;
}

export async function markResolved(
  trx: Db,
  incidentId: string,
  by: TransitionActor,
  now: Date,
): Promise<boolean> {
  const updated = await trx
    .updateTable('incident')
    .set({
      status: 'resolved',
      resolved_at: now,
      resolved_by: by.userId,
      next_escalation_at: null,
      updated_at: now,
    })
    .where('id', '=', incidentId)
    .where('status', '<>', 'resolved')
    .returning('id')
    .executeTakeFirst();
  if (!updated) return false;

  await cancelPendingNotifications(trx, incidentId);
  await recordIncidentEvent(trx, incidentId, 'resolved', by.actor);
  return true;
}
