import type { Db } from '@pagefree/db';
import type { z } from 'zod';
import { readableTeamIds, requireScope } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import { type RunbookRuleView, toRuleView } from './rule-view.ts';
import type { listRulesInput } from './schemas.ts';

/** Rules of a service, a runbook or a team, limited to the teams the principal can read. */
export async function listRunbookRules(
  db: Db,
  principal: Principal,
  input: z.output<typeof listRulesInput>,
): Promise<RunbookRuleView[]> {
  requireScope(principal, 'config:read');
  const teamIds = await readableTeamIds(db, principal);
  if (teamIds !== null && teamIds.length === 0) return [];

  let query = db.selectFrom('runbook_rule').selectAll().orderBy('created_at').limit(500);
  if (teamIds !== null) query = query.where('team_id', 'in', teamIds);
  if (input.serviceId) query = query.where('service_id', '=', input.serviceId);
  if (input.runbookId) query = query.where('runbook_id', '=', input.runbookId);
  if (input.teamId) query = query.where('team_id', '=', input.teamId);
  const rows = await query.execute();
  return rows.map(toRuleView);
}
