import type { IncidentSummary } from '@pagefree/contracts';
import { withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { actorOf } from '../auth/principal.ts';
import { createNotifications } from '../notifications/create-notifications.ts';
import { enqueueNotifications } from '../queues/paging-queues.ts';
import { withTimeout } from '../runtime/redis.ts';
import { ConflictError, ValidationError } from '../shared/errors.ts';
import type { Caller, PagingDeps } from './deps.ts';
import { loadIncidentSummary } from './incident-summary.ts';
import { loadIncidentForPrincipal } from './load-incident-for-change.ts';
import { recordIncidentEvent } from './record-incident-event.ts';

/**
 * Assigns an open incident to a responder of its team and pages them at once on every
 * channel they have, as PagerDuty does on reassignment.
 */
export async function reassignIncident(
  deps: PagingDeps,
  caller: Caller,
  input: { incidentId: string; assigneeId: string },
): Promise<IncidentSummary> {
  const incident = await loadIncidentForPrincipal(deps.db, caller.principal, input.incidentId, {
    scope: 'incidents:write',
    role: 'RESPONDER',
  });
  if (incident.status === 'resolved') {
    throw new ConflictError(
      `Incident #${incident.number} is resolved; reopen it by sending a new alert.`,
    );
  }
  const member = await deps.db
    .selectFrom('team_member')
    .innerJoin('app_user', 'app_user.id', 'team_member.user_id')
    .select(['team_member.role'])
    .where('team_member.team_id', '=', incident.team_id)
    .where('team_member.user_id', '=', input.assigneeId)
    .where('app_user.deactivated_at', 'is', null)
    .executeTakeFirst();
  if (!member || member.role === 'OBSERVER') {
    throw new ValidationError(
      'assigneeId',
      'must be an active responder or admin of the incident’s team',
    );
  }
  const actor = actorOf(caller.principal, caller.ip);
  const now = deps.clock.now();

  const notificationIds = await withTransaction(deps.db, async (trx) => {
    await trx
      .updateTable('incident')
      .set({ assignee_id: input.assigneeId, updated_at: now })
      .where('id', '=', input.incidentId)
      .execute();
    await recordIncidentEvent(trx, input.incidentId, 'reassigned', actor, {
      from: incident.assignee_id,
      to: input.assigneeId,
    });
    await recordAuditEvent(trx, actor, {
      action: 'incident.reassigned',
      resourceType: 'incident',
      resourceId: input.incidentId,
      teamId: incident.team_id,
      metadata: { assigneeId: input.assigneeId },
    });
    const pageKey = `assignment:${input.assigneeId}:${now.getTime()}`;
    const created = await createNotifications(trx, input.incidentId, [input.assigneeId], pageKey);
    return created.notificationIds;
  });

  try {
    await withTimeout(
      enqueueNotifications(deps.queues, notificationIds),
      2_000,
      'Queueing notifications',
    );
  } catch (error) {
    // The rows are committed, so the worker's sweeper queues them once Redis is back.
    deps.logger.warn(
      { err: error, incidentId: input.incidentId },
      'Queueing reassignment pages failed; the sweeper will retry',
    );
  }

  const summary = (await loadIncidentSummary(deps.db, input.incidentId))!;
  deps.events.publish('incident.updated', summary);
  return summary;
}
