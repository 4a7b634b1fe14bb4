import type { Db } from '@pagefree/db';
import type { ActorRef } from '../auth/principal.ts';

export interface AuditEntry {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  teamId?: string | null;
  /** Ids and counts only: never payloads, tokens or secret values. */
  metadata?: Record<string, string | number | boolean | null>;
}

/**
 * Writes one audit event. Pass the transaction that made the change, so the event exists
 * exactly when the change does.
 */
export async function recordAuditEvent(db: Db, actor: ActorRef, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_event')
    .values({
      actor_type: actor.type,
      actor_id: actor.id,
      ip: actor.ip,
      action: entry.action,
      resource_type: entry.resourceType,
      resource_id: entry.resourceId ?? null,
      team_id: entry.teamId ?? null,
      metadata: JSON.stringify(entry.metadata ?? {}),
    })
    .execute();
}
