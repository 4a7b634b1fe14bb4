import type { Db, IncidentComponentStatus, Priority } from '@pagefree/db';
import { type ComputedComponentStatus, computeComponentStatus } from '../compute-status.ts';

/**
 * Gathers the inputs of the status rule for every component of a page from the incident,
 * status incident and maintenance tables, and applies the rule.
 */
export async function loadComponentStatuses(
  db: Db,
  pageId: string,
): Promise<Map<string, ComputedComponentStatus>> {
  const components = await db
    .selectFrom('status_component')
    .select('id')
    .where('page_id', '=', pageId)
    .execute();
  if (components.length === 0) return new Map();
  const componentIds = components.map((component) => component.id);

  const priorities = await openIncidentPriorities(db, componentIds);
  const impacts = await statusIncidentImpacts(db, pageId);
  const maintained = await componentsInMaintenance(db, pageId);

  const statuses = new Map<string, ComputedComponentStatus>();
  for (const componentId of componentIds) {
    statuses.set(
      componentId,
      computeComponentStatus({
        openIncidentPriorities: priorities.get(componentId) ?? [],
        statusIncidentImpacts: impacts.get(componentId) ?? [],
        inMaintenance: maintained.has(componentId),
      }),
    );
  }
  return statuses;
}

/** Priorities of triggered and acknowledged incidents, per component, through its services. */
async function openIncidentPriorities(db: Db, componentIds: string[]) {
  const rows = await db
    .selectFrom('status_component_service as mapping')
    .innerJoin('incident', 'incident.service_id', 'mapping.service_id')
    .select(['mapping.component_id', 'incident.priority'])
    .where('mapping.component_id', 'in', componentIds)
    .where('incident.status', 'in', ['triggered', 'acknowledged'])
    .execute();
  return groupBy(
    rows,
    (row) => row.component_id,
    (row) => row.priority as Priority,
  );
}

async function statusIncidentImpacts(db: Db, pageId: string) {
  const rows = await db
    .selectFrom('status_incident_component as affected')
    .innerJoin('status_incident', 'status_incident.id', 'affected.status_incident_id')
    .select(['affected.component_id', 'affected.status'])
    .where('status_incident.page_id', '=', pageId)
    .where('status_incident.status', '<>', 'resolved')
    .execute();
  return groupBy(
    rows,
    (row) => row.component_id,
    (row) => row.status as IncidentComponentStatus,
  );
}

async function componentsInMaintenance(db: Db, pageId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('status_maintenance_component as covered')
    .innerJoin('status_maintenance', 'status_maintenance.id', 'covered.maintenance_id')
    .select('covered.component_id')
    .where('status_maintenance.page_id', '=', pageId)
    .where('status_maintenance.state', '=', 'in_progress')
    .execute();
  return new Set(rows.map((row) => row.component_id));
}

function groupBy<Row, Value>(
  rows: Row[],
  key: (row: Row) => string,
  value: (row: Row) => Value,
): Map<string, Value[]> {
  const groups = new Map<string, Value[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(value(row));
    else groups.set(key(row), [value(row)]);
  }
  return groups;
}
