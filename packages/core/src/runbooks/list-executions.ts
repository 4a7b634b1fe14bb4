import type { RunbookExecutionView } from '@pagefree/contracts';
import type { Db } from '@pagefree/db';
import type { z } from 'zod';
import { readableTeamIds, requireScope } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import { loadIncidentForPrincipal } from '../incidents/load-incident-for-change.ts';
import { loadRunbookForPrincipal } from './access.ts';
import { selectExecutions, toExecutionView } from './execution-view.ts';
import type { listExecutionsForRunbookInput } from './schemas.ts';

/** Lists every run on an incident, dry runs included, newest first. */
export async function listExecutionsForIncident(
  db: Db,
  principal: Principal,
  incidentId: string,
): Promise<RunbookExecutionView[]> {
  await loadIncidentForPrincipal(db, principal, incidentId, {
    scope: 'incidents:read',
    role: 'OBSERVER',
  });
  const rows = await selectExecutions(db)
    .where('runbook_execution.incident_id', '=', incidentId)
    .orderBy('runbook_execution.created_at', 'desc')
    .limit(500)
    .execute();
  return rows.map(toExecutionView);
}

/**
 * Lists runs of one runbook, newest first, in pages. For a global runbook a team member gets
 * only runs on incidents of their own teams.
 */
export async function listExecutionsForRunbook(
  db: Db,
  principal: Principal,
  input: z.output<typeof listExecutionsForRunbookInput>,
): Promise<{ items: RunbookExecutionView[]; nextBefore: string | null }> {
  requireScope(principal, 'incidents:read');
  await loadRunbookForPrincipal(db, principal, input.runbookId, 'read');
  const teamIds = await readableTeamIds(db, principal);
  if (teamIds !== null && teamIds.length === 0) return { items: [], nextBefore: null };

  let query = selectExecutions(db)
    .where('runbook_execution.runbook_id', '=', input.runbookId)
    .orderBy('runbook_execution.created_at', 'desc')
    .limit(input.limit + 1);
  if (teamIds !== null) query = query.where('runbook_execution.team_id', 'in', teamIds);
  if (input.before)
    query = query.where('runbook_execution.created_at', '<', new Date(input.before));
  const rows = await query.execute();

  const items = rows.slice(0, input.limit).map(toExecutionView);
  return {
    items,
    nextBefore: rows.length > input.limit ? (items.at(-1)?.queuedAt ?? null) : null,
  };
}
