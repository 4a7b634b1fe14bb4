import type { Db } from '@pagefree/db';
import { readableTeamIds, requireScope } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';

/** Services of the principal's teams, with their open incident counts. */
export async function listServices(
  db: Db,
  principal: Principal,
  input: { teamId?: string | undefined },
) {
  requireScope(principal, 'config:read');
  const teamIds = await readableTeamIds(db, principal);
  if (teamIds && teamIds.length === 0) return [];

  let query = db
    .selectFrom('service')
    .innerJoin('team', 'team.id', 'service.team_id')
    .select((eb) => [
      'service.id',
      'service.name',
      'service.routing_key',
      'service.description',
      'service.team_id',
      'team.name as team_name',
      'service.escalation_policy_id',
      eb
        .selectFrom('incident')
        .select(eb.fn.countAll<string>().as('count'))
        .whereRef('incident.service_id', '=', 'service.id')
        .where('incident.status', '<>', 'resolved')
        .as('open_incidents'),
    ])
    .orderBy('service.name');
  if (teamIds) query = query.where('service.team_id', 'in', teamIds);
  if (input.teamId) query = query.where('service.team_id', '=', input.teamId);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    routingKey: row.routing_key,
    description: row.description,
    team: { id: row.team_id, name: row.team_name },
    escalationPolicyId: row.escalation_policy_id,
    openIncidents: Number(row.open_incidents ?? 0),
  }));
}
