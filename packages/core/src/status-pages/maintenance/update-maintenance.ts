import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { actorOf } from '../../auth/principal.ts';
import { ConflictError, ValidationError } from '../../shared/errors.ts';
import { loadPageOf, requireComponentsOfPage } from '../access.ts';
import type { Caller, StatusAdminDeps } from '../deps.ts';
import { currentOrNextOccurrence, type MaintenanceSchedule } from '../recurrence.ts';
import type { updateMaintenanceInput } from '../schemas.ts';
import { requestStatusWork } from '../status-queue.ts';
import { toMaintenanceView } from '../views.ts';
import { pendingStepJobs, scheduleOf, validateSchedule } from './maintenance-schedule.ts';

/**
 * Edits a maintenance window. Its text and components can change at any time. Its times and
 * recurrence can change only while no occurrence is in progress, because moving a running
 * window would leave its start and end notices describing different windows.
 */
export async function updateMaintenance(
  deps: StatusAdminDeps,
  caller: Caller,
  input: z.output<typeof updateMaintenanceInput>,
) {
  const page = await loadPageOf(
    deps.db,
    caller.principal,
    'status_maintenance',
    input.maintenanceId,
    'configure',
  );
  if (input.componentIds) await requireComponentsOfPage(deps.db, page.id, input.componentIds);
  const actor = actorOf(caller.principal, caller.ip);
  const now = deps.clock.now();
  const reschedules =
    input.startsAt !== undefined ||
    input.endsAt !== undefined ||
    input.timeZone !== undefined ||
    input.recurrence !== undefined;

  const { row, componentIds } = await withTransaction(deps.db, async (trx) => {
    const before = await trx
      .selectFrom('status_maintenance')
      .selectAll()
      .where('id', '=', input.maintenanceId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    let timing = {};
    if (reschedules) {
      if (before.state !== 'scheduled') {
        throw new ConflictError(
          `The maintenance is ${before.state.replace('_', ' ')}; only a scheduled window can be moved.`,
        );
      }
      const current = scheduleOf(before);
      const schedule: MaintenanceSchedule = {
        timeZone: input.timeZone ?? current.timeZone,
        startsAt: input.startsAt ? new Date(input.startsAt) : current.startsAt,
        endsAt: input.endsAt ? new Date(input.endsAt) : current.endsAt,
        recurrence:
          input.recurrence === undefined
            ? current.recurrence
            : (input.recurrence?.frequency ?? 'none'),
        interval:
          input.recurrence === undefined ? current.interval : (input.recurrence?.interval ?? 1),
        until:
          input.recurrence === undefined
            ? current.until
            : input.recurrence?.until
              ? new Date(input.recurrence.until)
              : null,
      };
      validateSchedule(schedule);
      const occurrence = currentOrNextOccurrence(schedule, now);
      if (!occurrence) {
        throw new ValidationError('endsAt', 'the window has already ended; choose a future time');
      }
      timing = {
        time_zone: schedule.timeZone,
        starts_at: schedule.startsAt,
        ends_at: schedule.endsAt,
        recurrence: schedule.recurrence,
        recurrence_interval: schedule.interval,
        recurrence_until: schedule.until,
        occurrence_starts_at: occurrence.start,
        occurrence_ends_at: occurrence.end,
        reminded_for: null,
      };
    }
    const updated = await trx
      .updateTable('status_maintenance')
      .set({
        ...timing,
        ...(input.title !== undefined && { title: input.title }),
        ...(input.body !== undefined && { body: input.body }),
        ...(input.notifyMinutesBefore !== undefined && {
          notify_minutes_before: input.notifyMinutesBefore,
        }),
        updated_at: now,
      })
      .where('id', '=', input.maintenanceId)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (input.componentIds) {
      await trx
        .deleteFrom('status_maintenance_component')
        .where('maintenance_id', '=', input.maintenanceId)
        .execute();
      if (input.componentIds.length > 0) {
        await trx
          .insertInto('status_maintenance_component')
          .values(
            [...new Set(input.componentIds)].map((componentId) => ({
              maintenance_id: input.maintenanceId,
              component_id: componentId,
            })),
          )
          .execute();
      }
    }
    const covered = await trx
      .selectFrom('status_maintenance_component')
      .select('component_id')
      .where('maintenance_id', '=', input.maintenanceId)
      .execute();
    await recordAuditEvent(trx, actor, {
      action: 'status_maintenance.updated',
      resourceType: 'status_maintenance',
      resourceId: input.maintenanceId,
      teamId: page.team_id,
      metadata: { pageId: page.id, rescheduled: reschedules },
    });
    return { row: updated, componentIds: covered.map((entry) => entry.component_id) };
  });

  await requestStatusWork(
    deps,
    [
      { name: 'recompute', data: { pageIds: [page.id], serviceIds: [] } },
      ...pendingStepJobs(row, now),
    ],
    now,
  );
  return toMaintenanceView(row, componentIds);
}
