import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { actorOf } from '../../auth/principal.ts';
import { loadPageOf, requireComponentsOfPage } from '../access.ts';
import type { Caller, StatusAdminDeps } from '../deps.ts';
import { recordNoticeEvent } from '../notices/record-notice-event.ts';
import type { addStatusIncidentUpdateInput } from '../schemas.ts';
import { requestStatusWork, type StatusJobRequest } from '../status-queue.ts';
import { loadStatusIncidentView } from './get-status-incident.ts';
import { impactFromComponents, writeIncidentComponents } from './incident-rules.ts';

/**
 * Adds an update to a status incident and moves it to the update's status. Resolving ends
 * the incident's hold on its components; an update with another status after that reopens
 * it. Subscribers are notified unless `notifySubscribers` is false.
 */
export async function addStatusIncidentUpdate(
  deps: StatusAdminDeps,
  caller: Caller,
  input: z.output<typeof addStatusIncidentUpdateInput>,
) {
  const page = await loadPageOf(
    deps.db,
    caller.principal,
    'status_incident',
    input.statusIncidentId,
    'communicate',
  );
  if (input.components) {
    await requireComponentsOfPage(
      deps.db,
      page.id,
      input.components.map((component) => component.componentId),
      'components',
    );
  }
  const actor = actorOf(caller.principal, caller.ip);
  const now = deps.clock.now();

  const eventId = await withTransaction(deps.db, async (trx) => {
    const incident = await trx
      .selectFrom('status_incident')
      .select(['id', 'monitoring_at'])
      .where('id', '=', input.statusIncidentId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (input.components) {
      await writeIncidentComponents(trx, incident.id, input.components);
    }
    const impact =
      input.impact ?? (input.components ? impactFromComponents(input.components) : undefined);
    await trx
      .updateTable('status_incident')
      .set({
        status: input.status,
        updated_at: now,
        ...(impact !== undefined && { impact }),
        ...(input.status === 'monitoring' && !incident.monitoring_at && { monitoring_at: now }),
        resolved_at: input.status === 'resolved' ? now : null,
      })
      .where('id', '=', incident.id)
      .execute();
    const update = await trx
      .insertInto('status_incident_update')
      .values({
        status_incident_id: incident.id,
        status: input.status,
        body: input.body,
        created_by: caller.principal.userId,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const components = await trx
      .selectFrom('status_incident_component')
      .select('component_id')
      .where('status_incident_id', '=', incident.id)
      .execute();
    const recorded = input.notifySubscribers
      ? await recordNoticeEvent(trx, {
          pageId: page.id,
          kind: 'incident_updated',
          statusIncidentId: incident.id,
          updateId: update.id,
          componentIds: components.map((row) => row.component_id),
        })
      : null;
    await recordAuditEvent(trx, actor, {
      action: 'status_incident.updated',
      resourceType: 'status_incident',
      resourceId: incident.id,
      teamId: page.team_id,
      metadata: { pageId: page.id, status: input.status, updateId: update.id },
    });
    return recorded;
  });

  const jobs: StatusJobRequest[] = [
    { name: 'recompute', data: { pageIds: [page.id], serviceIds: [] } },
  ];
  if (eventId) jobs.push({ name: 'fan-out', data: { eventId } });
  await requestStatusWork(deps, jobs, now);
  return loadStatusIncidentView(deps.db, input.statusIncidentId);
}
