import type { Db } from '@pagefree/db';
import type { Principal } from '../auth/principal.ts';
import { loadIncidentForPrincipal } from '../incidents/load-incident-for-change.ts';
import { loadRunbookSummaries, type RunbookSummary } from './runbook-view.ts';

/**
 * Runbooks the incident page offers under "Run runbook": those with an approved version,
 * owned by the incident's team or global. Observers see the list; running needs a responder.
 */
export async function listRunnableRunbooks(
  db: Db,
  principal: Principal,
  incidentId: string,
): Promise<RunbookSummary[]> {
  const incident = await loadIncidentForPrincipal(db, principal, incidentId, {
    scope: 'incidents:read',
    role: 'OBSERVER',
  });
  const rows = await db
    .selectFrom('runbook')
    .innerJoin('runbook_version', 'runbook_version.runbook_id', 'runbook.id')
    .select('runbook.id')
    .where('runbook_version.status', '=', 'APPROVED')
    .where((eb) =>
      eb.or([eb('runbook.team_id', '=', incident.team_id), eb('runbook.team_id', 'is', null)]),
    )
    .limit(500)
    .execute();
  const summaries = await loadRunbookSummaries(
    db,
    rows.map((row) => row.id),
  );
  return summaries.sort((a, b) => a.name.localeCompare(b.name));
}
