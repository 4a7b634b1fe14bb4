import type { Db, TeamRole } from '@pagefree/db';
import { requireReadable, requireScope, requireTeamRole } from '../auth/permissions.ts';
import type { ApiScope, Principal } from '../auth/principal.ts';
import { NotFoundError } from '../shared/errors.ts';

/**
 * Loads the incident's team and status after checking that the principal may act on it.
 * Unknown incidents and incidents of teams the principal cannot see both raise NotFound,
 * so incident ids cannot be probed.
 */
export async function loadIncidentForPrincipal(
  db: Db,
  principal: Principal,
  incidentId: string,
  access: { scope: ApiScope; role: TeamRole },
) {
  requireScope(principal, access.scope);
  const incident = await db
    .selectFrom('incident')
    .select(['id', 'number', 'team_id', 'status', 'priority', 'assignee_id'])
    .where('id', '=', incidentId)
    .executeTakeFirst();
  if (!incident) {
    throw new NotFoundError('Incident', incidentId);
  }
  await requireReadable(db, principal, incident.team_id, 'Incident', incidentId);
  await requireTeamRole(db, principal, incident.team_id, access.role);
  return incident;
}
