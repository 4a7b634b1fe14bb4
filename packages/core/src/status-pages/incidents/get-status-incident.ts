import type { Db } from '@pagefree/db';
import type { Principal } from '../../auth/principal.ts';
import { loadPageOf } from '../access.ts';
import { toStatusIncidentView } from '../views.ts';

export async function getStatusIncident(
  db: Db,
  principal: Principal,
  input: { statusIncidentId: string },
) {
  await loadPageOf(db, principal, 'status_incident', input.statusIncidentId, 'read');
  return loadStatusIncidentView(db, input.statusIncidentId);
}

/** Loads the full view of one status incident; the caller has checked access. */
export async function loadStatusIncidentView(db: Db, statusIncidentId: string) {
  const incident = await db
    .selectFrom('status_incident')
    .selectAll()
    .where('id', '=', statusIncidentId)
    .executeTakeFirstOrThrow();
  const components = await db
    .selectFrom('status_incident_component')
    .select(['component_id', 'status'])
    .where('status_incident_id', '=', statusIncidentId)
    .execute();
  const links = await db
    .selectFrom('status_incident_link')
    .select('incident_id')
    .where('status_incident_id', '=', statusIncidentId)
    .execute();
  const updates = await db
    .selectFrom('status_incident_update')
    .selectAll()
    .where('status_incident_id', '=', statusIncidentId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return toStatusIncidentView(incident, {
    components: components.map((row) => ({ componentId: row.component_id, status: row.status })),
    linkedIncidentIds: links.map((row) => row.incident_id),
    updates,
  });
}
