import type { StatusMaintenance } from '@pagefree/db';
import { ValidationError } from '../../shared/errors.ts';
import type { MaintenanceSchedule } from '../recurrence.ts';
import type { StatusJobRequest } from '../status-queue.ts';

const PERIOD_MS = { daily: 86_400_000, weekly: 604_800_000, monthly: 28 * 86_400_000 } as const;

export function scheduleOf(row: StatusMaintenance): MaintenanceSchedule {
  return {
    timeZone: row.time_zone,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    recurrence: row.recurrence,
    interval: row.recurrence_interval,
    until: row.recurrence_until,
  };
}

/** Throws when a window ends before it starts, or is longer than the gap between repeats. */
export function validateSchedule(schedule: MaintenanceSchedule): void {
  if (schedule.endsAt <= schedule.startsAt) {
    throw new ValidationError('endsAt', 'must be after startsAt');
  }
  if (schedule.recurrence === 'none') return;
  const lengthMs = schedule.endsAt.getTime() - schedule.startsAt.getTime();
  if (lengthMs >= PERIOD_MS[schedule.recurrence] * schedule.interval) {
    throw new ValidationError(
      'recurrence',
      'the window must be shorter than the time between repeats, so occurrences do not overlap',
    );
  }
  if (schedule.until && schedule.until < schedule.startsAt) {
    throw new ValidationError('recurrence.until', 'must not be before startsAt');
  }
}

/**
 * The delayed jobs that move a maintenance through its current occurrence: a reminder
 * `notify_minutes_before` the start, the start and the end. Steps already taken are left
 * out. A reminder whose time fell before the maintenance was created is skipped, because
 * the "scheduled" notice announced the same thing moments earlier.
 */
export function pendingStepJobs(row: StatusMaintenance, now: Date): StatusJobRequest[] {
  if (row.state === 'completed' || row.state === 'cancelled') return [];
  const occurrenceStartsAt = row.occurrence_starts_at.toISOString();
  const step = (name: 'remind' | 'start' | 'end', dueAt: Date): StatusJobRequest => ({
    name: 'maintenance-step',
    data: { maintenanceId: row.id, occurrenceStartsAt, step: name, dueAt: dueAt.toISOString() },
    runAt: dueAt,
  });

  const jobs: StatusJobRequest[] = [];
  if (row.state === 'scheduled') {
    const remindAt = new Date(
      row.occurrence_starts_at.getTime() - row.notify_minutes_before * 60_000,
    );
    const reminded = row.reminded_for?.getTime() === row.occurrence_starts_at.getTime();
    if (
      row.notify_minutes_before > 0 &&
      !reminded &&
      remindAt >= row.created_at &&
      row.occurrence_starts_at > now
    ) {
      jobs.push(step('remind', remindAt));
    }
    jobs.push(step('start', row.occurrence_starts_at));
  }
  jobs.push(step('end', row.occurrence_ends_at));
  return jobs;
}
