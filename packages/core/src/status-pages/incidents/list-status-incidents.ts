import type { Db } from '@pagefree/db';
import type { z } from 'zod';
import type { Principal } from '../../auth/principal.ts';
import { loadPageForPrincipal } from '../access.ts';
import type { listStatusIncidentsInput } from '../schemas.ts';

/** Lists a page's status incidents, newest first, without their update bodies. */
export async function listStatusIncidents(
  db: Db,
  principal: Principal,
  input: z.output<typeof listStatusIncidentsInput>,
) {
  const page = await loadPageForPrincipal(db, principal, input.pageId, 'read');
  let query = db
    .selectFrom('status_incident')
    .select((eb) => [
      'id',
      'title',
      'status',
      'impact',
      'created_at',
      'updated_at',
      'resolved_at',
      eb
        .selectFrom('status_incident_update')
        .select(eb.fn.countAll<string>().as('count'))
        .whereRef('status_incident_update.status_incident_id', '=', 'status_incident.id')
        .as('update_count'),
    ])
    .where('page_id', '=', page.id)
    .orderBy('created_at', 'desc')
    .limit(input.limit);
  if (input.unresolvedOnly) query = query.where('status', '<>', 'resolved');
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    status: row.status,
    impact: row.impact,
    updateCount: Number(row.update_count ?? 0),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    resolvedAt: row.resolved_at?.toISOString() ?? null,
  }));
}
