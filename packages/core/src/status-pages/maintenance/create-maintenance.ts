import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { actorOf } from '../../auth/principal.ts';
import { ValidationError } from '../../shared/errors.ts';
import { loadPageForPrincipal, requireComponentsOfPage } from '../access.ts';
import type { Caller, StatusAdminDeps } from '../deps.ts';
import { recordNoticeEvent } from '../notices/record-notice-event.ts';
import { currentOrNextOccurrence, type MaintenanceSchedule } from '../recurrence.ts';
import type { createMaintenanceInput } from '../schemas.ts';
import { requestStatusWork, type StatusJobRequest } from '../status-queue.ts';
import { toMaintenanceView } from '../views.ts';
import { pendingStepJobs, validateSchedule } from './maintenance-schedule.ts';

/**
 * Schedules a maintenance window, optionally repeating. Delayed jobs on the status queue
 * start and end each occurrence on time and remind subscribers before it starts; the status
 * sweeper re-creates them from this row if they are lost.
 */
export async function createMaintenance(
  deps: StatusAdminDeps,
  caller: Caller,
  input: z.output<typeof createMaintenanceInput>,
) {
  const page = await loadPageForPrincipal(deps.db, caller.principal, input.pageId, 'configure');
  await requireComponentsOfPage(deps.db, page.id, input.componentIds);
  const schedule: MaintenanceSchedule = {
    timeZone: input.timeZone ?? page.time_zone,
    startsAt: new Date(input.startsAt),
    endsAt: new Date(input.endsAt),
    recurrence: input.recurrence?.frequency ?? 'none',
    interval: input.recurrence?.interval ?? 1,
    until: input.recurrence?.until ? new Date(input.recurrence.until) : null,
  };
  validateSchedule(schedule);
  const now = deps.clock.now();
  const occurrence = currentOrNextOccurrence(schedule, now);
  if (!occurrence) {
    throw new ValidationError('endsAt', 'the window has already ended; choose a future time');
  }
  const actor = actorOf(caller.principal, caller.ip);

  const { row, eventId } = await withTransaction(deps.db, async (trx) => {
    const created = await trx
      .insertInto('status_maintenance')
      .values({
        page_id: page.id,
        title: input.title,
        body: input.body,
        time_zone: schedule.timeZone,
        starts_at: schedule.startsAt,
        ends_at: schedule.endsAt,
        recurrence: schedule.recurrence,
        recurrence_interval: schedule.interval,
        recurrence_until: schedule.until,
        notify_minutes_before: input.notifyMinutesBefore,
        occurrence_starts_at: occurrence.start,
        occurrence_ends_at: occurrence.end,
        created_by: caller.principal.userId,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (input.componentIds.length > 0) {
      await trx
        .insertInto('status_maintenance_component')
        .values(
          [...new Set(input.componentIds)].map((componentId) => ({
            maintenance_id: created.id,
            component_id: componentId,
          })),
        )
        .execute();
    }
    const recorded = input.notifySubscribers
      ? await recordNoticeEvent(trx, {
          pageId: page.id,
          kind: 'maintenance_scheduled',
          maintenanceId: created.id,
          occurrenceStartsAt: occurrence.start,
          componentIds: input.componentIds,
        })
      : null;
    await recordAuditEvent(trx, actor, {
      action: 'status_maintenance.created',
      resourceType: 'status_maintenance',
      resourceId: created.id,
      teamId: page.team_id,
      metadata: { pageId: page.id, recurrence: schedule.recurrence },
    });
    return { row: created, eventId: recorded };
  });

  const jobs: StatusJobRequest[] = [
    { name: 'recompute', data: { pageIds: [page.id], serviceIds: [] } },
    ...pendingStepJobs(row, now),
  ];
  if (eventId) jobs.push({ name: 'fan-out', data: { eventId } });
  await requestStatusWork(deps, jobs, now);
  return toMaintenanceView(row, [...new Set(input.componentIds)]);
}
