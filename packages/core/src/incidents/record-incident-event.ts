import type { Db } from '@pagefree/db';
import type { ActorRef } from '../auth/principal.ts';

/**
 * Timeline event types. Data holds ids, levels and short labels; notes hold their text,
 * because the timeline is the incident record (unlike audit events, which hold only ids).
 */
export type IncidentEventType =
  | 'triggered'
  | 'acknowledged'
  | 'resolved'
  | 'reassigned'
  | 'priority_changed'
  | 'note_added'
  | 'escalated'
  | 'escalation_exhausted'
  | 'escalation_no_targets'
  | 'notification_sent'
  | 'notification_failed';

export async function recordIncidentEvent(
  db: Db,
  incidentId: string,
  type: IncidentEventType,
  actor: Pick<ActorRef, 'type' | 'id'>,
  data: Record<string, unknown> = {},
): Promise<void> {
  await db
    .insertInto('incident_event')
    .values({
      incident_id: incidentId,
      type,
      actor_type: actor.type,
      actor_id: actor.id,
      data: JSON.stringify(data),
    })
    .execute();
}
