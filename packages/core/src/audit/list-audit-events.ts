import type { Db } from '@pagefree/db';
import { z } from 'zod';
import { requirePlatformAdmin } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';

export const listAuditEventsInput = z.object({
  actorId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  resourceType: z.string().max(100).optional(),
  resourceId: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.number().int().min(1).max(500).default(100),
  /** The `id` of the last event of the previous page. */
  beforeId: z
    .string()
    .regex(/^\d{1,18}$/, 'beforeId must be the id of an audit event')
    .optional(),
});

/** Audit events, newest first; platform admins only. */
export async function listAuditEvents(
  db: Db,
  principal: Principal,
  input: z.output<typeof listAuditEventsInput>,
) {
  requirePlatformAdmin(principal);
  let query = db.selectFrom('audit_event').selectAll().orderBy('id', 'desc').limit(input.limit);
  if (input.actorId) query = query.where('actor_id', '=', input.actorId);
  if (input.action) query = query.where('action', '=', input.action);
  if (input.resourceType) query = query.where('resource_type', '=', input.resourceType);
  if (input.resourceId) query = query.where('resource_id', '=', input.resourceId);
  if (input.from) query = query.where('occurred_at', '>=', new Date(input.from));
  if (input.to) query = query.where('occurred_at', '<', new Date(input.to));
  if (input.beforeId) query = query.where('id', '<', input.beforeId as never);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    teamId: row.team_id,
    ip: row.ip,
    metadata: row.metadata,
  }));
}
