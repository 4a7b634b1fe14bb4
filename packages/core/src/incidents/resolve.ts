import type { IncidentSummary } from '@pagefree/contracts';
import { withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { actorOf } from '../auth/principal.ts';
import { ConflictError } from '../shared/errors.ts';
import type { Caller, IncidentDeps } from './deps.ts';
import { loadIncidentSummary } from './incident-summary.ts';
import { loadIncidentForPrincipal } from './load-incident-for-change.ts';
import { markResolved } from './transitions.ts';

/** Resolves an open incident; a later alert with the same dedup key opens a new one. */
export async function resolveIncident(
  deps: IncidentDeps,
  caller: Caller,
  incidentId: string,
): Promise<IncidentSummary> {
  const incident = await loadIncidentForPrincipal(deps.db, caller.principal, incidentId, {
    scope: 'incidents:write',
    role: 'RESPONDER',
  });
  const actor = actorOf(caller.principal, caller.ip);

  await withTransaction(deps.db, async (trx) => {
    const changed = await markResolved(
      trx,
      incidentId,
      { actor, userId: caller.principal.userId },
      deps.clock.now(),
    );
    if (!changed) {
      throw new ConflictError(`Incident #${incident.number} is already resolved.`);
    }
    await recordAuditEvent(trx, actor, {
      action: 'incident.resolved',
      resourceType: 'incident',
      resourceId: incidentId,
      teamId: incident.team_id,
    });
  });

  const summary = (await loadIncidentSummary(deps.db, incidentId))!;
  deps.events.publish('incident.resolved', summary);
  return summary;
}
