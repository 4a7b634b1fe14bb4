import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { actorOf } from '../../auth/principal.ts';
import { ValidationError } from '../../shared/errors.ts';
import { loadPageForPrincipal, requireComponentsOfPage } from '../access.ts';
import type { Caller, StatusAdminDeps } from '../deps.ts';
import { recordNoticeEvent } from '../notices/record-notice-event.ts';
import type { createStatusIncidentInput } from '../schemas.ts';
import { requestStatusWork, type StatusJobRequest } from '../status-queue.ts';
import { loadStatusIncidentView } from './get-status-incident.ts';
import {
  impactFromComponents,
  requireLinkableIncidents,
  writeIncidentComponents,
  writeIncidentLinks,
} from './incident-rules.ts';

/**
 * Publishes a status incident with its first update. The components it names take the
 * stated impact until it is resolved, overriding what the internal incidents imply.
 * Subscribers are notified unless `notifySubscribers` is false.
 */
export async function createStatusIncident(
  deps: StatusAdminDeps,
  caller: Caller,
  input: z.output<typeof createStatusIncidentInput>,
) {
  const page = await loadPageForPrincipal(deps.db, caller.principal, input.pageId, 'communicate');
  const template = input.templateId
    ? await deps.db
        .selectFrom('status_template')
        .selectAll()
        .where('id', '=', input.templateId)
        .where('page_id', '=', page.id)
        .executeTakeFirst()
    : undefined;
  if (input.templateId && !template) {
    throw new ValidationError('templateId', 'must be a template of the same status page');
  }
  const title = input.title ?? template?.title;
  const body = input.body ?? template?.body;
  if (!title) throw new ValidationError('title', 'is required unless a template provides it');
  if (!body) throw new ValidationError('body', 'is required unless a template provides it');
  const status = input.status ?? template?.status ?? 'investigating';
  await requireComponentsOfPage(
    deps.db,
    page.id,
    input.components.map((component) => component.componentId),
    'components',
  );
  await requireLinkableIncidents(deps.db, caller.principal, input.linkedIncidentIds);
  const actor = actorOf(caller.principal, caller.ip);
  const now = deps.clock.now();

  const created = await withTransaction(deps.db, async (trx) => {
    const incident = await trx
      .insertInto('status_incident')
      .values({
        page_id: page.id,
        title,
        status,
        impact: input.impact ?? impactFromComponents(input.components),
        created_by: caller.principal.userId,
        created_at: now,
        updated_at: now,
        monitoring_at: status === 'monitoring' ? now : null,
        resolved_at: status === 'resolved' ? now : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeIncidentComponents(trx, incident.id, input.components);
    await writeIncidentLinks(trx, incident.id, input.linkedIncidentIds);
    const update = await trx
      .insertInto('status_incident_update')
      .values({
        status_incident_id: incident.id,
        status,
        body,
        created_by: caller.principal.userId,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const eventId = input.notifySubscribers
      ? await recordNoticeEvent(trx, {
          pageId: page.id,
          kind: 'incident_created',
          statusIncidentId: incident.id,
          updateId: update.id,
          componentIds: input.components.map((component) => component.componentId),
        })
      : null;
    await recordAuditEvent(trx, actor, {
      action: 'status_incident.created',
      resourceType: 'status_incident',
      resourceId: incident.id,
      teamId: page.team_id,
      metadata: { pageId: page.id, status, linkedIncidents: input.linkedIncidentIds.length },
    });
    return { id: incident.id, eventId };
  });

  const jobs: StatusJobRequest[] = [
    { name: 'recompute', data: { pageIds: [page.id], serviceIds: [] } },
  ];
  if (created.eventId) jobs.push({ name: 'fan-out', data: { eventId: created.eventId } });
  await requestStatusWork(deps, jobs, now);
  return loadStatusIncidentView(deps.db, created.id);
}
