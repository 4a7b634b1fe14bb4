import { type Db, type NoticeEventKind, withTransaction } from '@pagefree/db';
import type { Clock } from '../../shared/clock.ts';
import { recordNoticeEvent } from '../notices/record-notice-event.ts';
import { occurrenceAfter, occurrenceStartingAt } from '../recurrence.ts';
import type { MaintenanceStep, StatusJobRequest } from '../status-queue.ts';
import { pendingStepJobs, scheduleOf } from './maintenance-schedule.ts';

/**
 * How early a step may run: BullMQ promotes delayed jobs by the worker's clock, which is
 * the clock the due time was computed with, so this only absorbs timer jitter.
 */
const EARLY_TOLERANCE_MS = 250;

export type StepOutcome =
  /** The step ran; queue `jobs` (recompute, notices, the next occurrence's steps). */
  | { kind: 'done'; jobs: StatusJobRequest[] }
  /** The maintenance moved on (edited, cancelled, step already taken): nothing to do. */
  | { kind: 'stale' }
  /** The timer fired early; retry shortly. */
  | { kind: 'early'; dueInMs: number };

/**
 * Takes one step of a maintenance occurrence: remind, start or end. Each step is a
 * conditional update on the occurrence it was scheduled for, so a repeated, late or stale
 * job changes nothing, and each step records its notice event once.
 *
 * Ending an occurrence of a repeating window schedules the next occurrence in the same
 * update; the last one completes the maintenance.
 */
export async function runMaintenanceStep(
  deps: { db: Db; clock: Clock },
  input: { maintenanceId: string; occurrenceStartsAt: Date; step: MaintenanceStep },
): Promise<StepOutcome> {
  const now = deps.clock.now();
  return withTransaction(deps.db, async (trx) => {
    const row = await trx
      .selectFrom('status_maintenance')
      .selectAll()
      .where('id', '=', input.maintenanceId)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.occurrence_starts_at.getTime() !== input.occurrenceStartsAt.getTime()) {
      return { kind: 'stale' };
    }

    const dueAt = stepDueAt(row, input.step);
    if (dueAt.getTime() - now.getTime() > EARLY_TOLERANCE_MS) {
      return { kind: 'early', dueInMs: dueAt.getTime() - now.getTime() };
    }

    let event: NoticeEventKind;
    let followUp: StatusJobRequest[] = [];
    switch (input.step) {
      case 'remind': {
        const reminded = row.reminded_for?.getTime() === row.occurrence_starts_at.getTime();
        if (row.state !== 'scheduled' || reminded || row.occurrence_starts_at <= now) {
          return { kind: 'stale' };
        }
        await trx
          .updateTable('status_maintenance')
          .set({ reminded_for: row.occurrence_starts_at })
          .where('id', '=', row.id)
          .execute();
        event = 'maintenance_reminder';
        break;
      }
      case 'start': {
        if (row.state !== 'scheduled') return { kind: 'stale' };
        await trx
          .updateTable('status_maintenance')
          .set({ state: 'in_progress', started_at: now, updated_at: now })
          .where('id', '=', row.id)
          .execute();
        event = 'maintenance_started';
        break;
      }
      case 'end': {
        if (row.state !== 'in_progress' && row.state !== 'scheduled') return { kind: 'stale' };
        const schedule = scheduleOf(row);
        const current = occurrenceStartingAt(schedule, row.occurrence_starts_at);
        const next = current ? occurrenceAfter(schedule, current) : null;
        const advanced = await advanceOccurrence(trx, row.id, next, now);
        followUp = advanced ? pendingStepJobs(advanced, now) : [];
        event = 'maintenance_completed';
        break;
      }
      default:
        return input.step satisfies never;
    }

    const covered = await trx
      .selectFrom('status_maintenance_component')
      .select('component_id')
      .where('maintenance_id', '=', row.id)
      .execute();
    const eventId = await recordNoticeEvent(trx, {
      pageId: row.page_id,
      kind: event,
      maintenanceId: row.id,
      occurrenceStartsAt: row.occurrence_starts_at,
      componentIds: covered.map((entry) => entry.component_id),
    });

    const jobs: StatusJobRequest[] = [
      { name: 'recompute', data: { pageIds: [row.page_id], serviceIds: [] } },
      ...followUp,
    ];
    if (eventId) jobs.push({ name: 'fan-out', data: { eventId } });
    return { kind: 'done', jobs };
  });
}

function stepDueAt(
  row: { occurrence_starts_at: Date; occurrence_ends_at: Date; notify_minutes_before: number },
  step: MaintenanceStep,
): Date {
  switch (step) {
    case 'remind':
      return new Date(row.occurrence_starts_at.getTime() - row.notify_minutes_before * 60_000);
    case 'start':
      return row.occurrence_starts_at;
    case 'end':
      return row.occurrence_ends_at;
    default:
      return step satisfies never;
  }
}

/** Moves the row to the next occurrence, or completes it when there is none. */
async function advanceOccurrence(
  trx: Db,
  maintenanceId: string,
  next: { start: Date; end: Date } | null,
  now: Date,
) {
  if (!next) {
    await trx
      .updateTable('status_maintenance')
      .set({ state: 'completed', completed_at: now, updated_at: now })
      .where('id', '=', maintenanceId)
      .execute();
    return null;
  }
  return trx
    .updateTable('status_maintenance')
    .set({
      state: 'scheduled',
      occurrence_starts_at: next.start,
      occurrence_ends_at: next.end,
      started_at: null,
      completed_at: now,
      updated_at: now,
    })
    .where('id', '=', maintenanceId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
