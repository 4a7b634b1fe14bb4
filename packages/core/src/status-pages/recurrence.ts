import type { MaintenanceRecurrence } from '@pagefree/db';
import { Temporal } from 'temporal-polyfill';

/** A maintenance window and how it repeats, as stored in `status_maintenance`. */
export interface MaintenanceSchedule {
  /** IANA zone whose wall-clock times every occurrence keeps. */
  timeZone: string;
  /** The first occurrence. */
  startsAt: Date;
  endsAt: Date;
  recurrence: MaintenanceRecurrence;
  interval: number;
  /** No occurrence starts after this instant; null repeats without end. */
  until: Date | null;
}

export interface Occurrence {
  index: number;
  start: Date;
  end: Date;
}

const UNIT = { daily: 'days', weekly: 'weeks', monthly: 'months' } as const;
const NOMINAL_MS = { daily: 86_400_000, weekly: 604_800_000, monthly: 2_629_746_000 } as const;
/** Guards the forward search against a schedule that can never match. */
const MAX_STEPS = 1_000;

/**
 * Returns occurrence `index` (0 is the first). Every occurrence starts at the first one's
 * local wall-clock time and is counted from the first date, not from the previous
 * occurrence. So a monthly window on the 31st falls on the 30th in April and on the 31st
 * again in May, and a 02:00 weekly window stays at 02:00 across daylight-saving changes.
 * The window keeps its local length: 01:00-03:00 stays 01:00-03:00 even on the night the
 * clocks change, which makes it one hour longer or shorter in elapsed time.
 */
export function occurrenceAt(schedule: MaintenanceSchedule, index: number): Occurrence {
  const first = zoned(schedule.startsAt, schedule.timeZone);
  const firstEnd = zoned(schedule.endsAt, schedule.timeZone);
  const localLength = first.toPlainDateTime().until(firstEnd.toPlainDateTime(), {
    largestUnit: 'hours',
  });

  const start =
    schedule.recurrence === 'none' || index === 0
      ? first
      : first.add({ [UNIT[schedule.recurrence]]: index * schedule.interval });
  const end = start
    .toPlainDateTime()
    .add(localLength)
    .toZonedDateTime(schedule.timeZone, { disambiguation: 'compatible' });
  // A clock change can shrink a short local window to nothing; it then keeps its elapsed length.
  const endMs =
    end.epochMilliseconds > start.epochMilliseconds
      ? end.epochMilliseconds
      : start.epochMilliseconds + (schedule.endsAt.getTime() - schedule.startsAt.getTime());
  return { index, start: new Date(start.epochMilliseconds), end: new Date(endMs) };
}

/**
 * Returns the occurrence in progress at `at`, else the next one to start, or null when the
 * schedule has no occurrence ending after `at`.
 */
export function currentOrNextOccurrence(
  schedule: MaintenanceSchedule,
  at: Date,
): Occurrence | null {
  const first = occurrenceAt(schedule, 0);
  if (schedule.recurrence === 'none') {
    return first.end > at ? first : null;
  }

  // Starts a few periods before the estimate, because months and DST make periods uneven.
  const elapsed = at.getTime() - first.start.getTime();
  const period = NOMINAL_MS[schedule.recurrence] * schedule.interval;
  let index = Math.max(0, Math.floor(elapsed / period) - 2);
  for (let step = 0; step < MAX_STEPS; step += 1, index += 1) {
    const occurrence = occurrenceAt(schedule, index);
    if (schedule.until && occurrence.start > schedule.until) return null;
    if (occurrence.end > at) return occurrence;
  }
  return null;
}

/** Returns the occurrence after `current`, or null when the schedule ends with it. */
export function occurrenceAfter(
  schedule: MaintenanceSchedule,
  current: Occurrence,
): Occurrence | null {
  if (schedule.recurrence === 'none') return null;
  const next = occurrenceAt(schedule, current.index + 1);
  if (schedule.until && next.start > schedule.until) return null;
  return next;
}

/** Finds which occurrence starts at `start`, or null when none does. */
export function occurrenceStartingAt(
  schedule: MaintenanceSchedule,
  start: Date,
): Occurrence | null {
  const found = currentOrNextOccurrence(schedule, new Date(start.getTime() - 1));
  return found && found.start.getTime() === start.getTime() ? found : null;
}

function zoned(date: Date, timeZone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(date.getTime()).toZonedDateTimeISO(timeZone);
}
