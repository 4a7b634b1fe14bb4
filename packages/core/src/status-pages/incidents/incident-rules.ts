import type { Db, IncidentComponentStatus, StatusImpact } from '@pagefree/db';
import { readableTeamIds } from '../../auth/permissions.ts';
import type { Principal } from '../../auth/principal.ts';
import { ValidationError } from '../../shared/errors.ts';

const IMPACT_OF_COMPONENT: Record<IncidentComponentStatus, StatusImpact> = {
  operational: 'none',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};
const IMPACT_RANK: Record<StatusImpact, number> = { none: 0, minor: 1, major: 2, critical: 3 };

/** Returns the impact of the worst component, for an incident whose author states none. */
export function impactFromComponents(
  components: readonly { status: IncidentComponentStatus }[],
): StatusImpact {
  let impact: StatusImpact = 'none';
  for (const component of components) {
    const candidate = IMPACT_OF_COMPONENT[component.status];
    if (IMPACT_RANK[candidate] > IMPACT_RANK[impact]) impact = candidate;
  }
  return impact;
}

/**
 * Throws unless the principal may read every internal incident to be linked, so a link
 * cannot be used to learn that an incident of another team exists.
 */
export async function requireLinkableIncidents(
  db: Db,
  principal: Principal,
  incidentIds: readonly string[],
): Promise<void> {
  if (incidentIds.length === 0) return;
  const teams = await readableTeamIds(db, principal);
  let query = db
    .selectFrom('incident')
    .select('id')
    .where('id', 'in', [...incidentIds]);
  if (teams) {
    if (teams.length === 0) throw invalidLinks();
    query = query.where('team_id', 'in', teams);
  }
  const found = await query.execute();
  if (found.length !== new Set(incidentIds).size) throw invalidLinks();
}

function invalidLinks(): ValidationError {
  return new ValidationError(
    'linkedIncidentIds',
    'every linked incident must exist and belong to one of your teams',
  );
}

/** Replaces a status incident's stated component impacts. */
export async function writeIncidentComponents(
  trx: Db,
  statusIncidentId: string,
  components: readonly { componentId: string; status: IncidentComponentStatus }[],
): Promise<void> {
  await trx
    .deleteFrom('status_incident_component')
    .where('status_incident_id', '=', statusIncidentId)
    .execute();
  if (components.length === 0) return;
  await trx
    .insertInto('status_incident_component')
    .values(
      components.map((component) => ({
        status_incident_id: statusIncidentId,
        component_id: component.componentId,
        status: component.status,
      })),
    )
    .execute();
}

/** Replaces the internal incidents a status incident is linked to. */
export async function writeIncidentLinks(
  trx: Db,
  statusIncidentId: string,
  incidentIds: readonly string[],
): Promise<void> {
  await trx
    .deleteFrom('status_incident_link')
    .where('status_incident_id', '=', statusIncidentId)
    .execute();
  const unique = [...new Set(incidentIds)];
  if (unique.length === 0) return;
  await trx
    .insertInto('status_incident_link')
    .values(
      unique.map((incidentId) => ({
        status_incident_id: statusIncidentId,
        incident_id: incidentId,
      })),
    )
    .execute();
}
