import { Temporal } from 'temporal-polyfill';

export type RotationType = 'daily' | 'weekly';

/** The rotation of one schedule, as stored in the `schedule` table. */
export interface RotationSpec {
  /** IANA time zone name, such as 'Europe/Berlin'. */
  timeZone: string;
  rotationType: RotationType;
  /** Days or weeks per shift, depending on `rotationType`. */
  shiftLength: number;
  /** Local wall-clock time of every handoff, 'HH:MM'. */
  handoffTime: string;
  /** Local date ('YYYY-MM-DD') of the handoff that starts shift 0. */
  rotationStartDate: string;
  participantCount: number;
}

/** One shift of a rotation, covering the half-open interval [start, end). */
export interface Shift {
  /** 0 for the shift starting on `rotationStartDate`, negative for shifts before it. */
  index: number;
  /** Position in the participant order, or -1 when the rotation has no participants. */
  participantIndex: number;
  start: Date;
  end: Date;
}

/** Upper bound on the shifts `shiftsBetween` returns, so a caller cannot ask for years of daily shifts. */
export const MAX_SHIFTS_PER_RANGE = 1000;

const HANDOFF_TIME_PATTERN = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const DAY_MS = 86_400_000;

interface ParsedRotation {
  timeZone: string;
  firstDate: Temporal.PlainDate;
  handoffTime: Temporal.PlainTime;
  unit: 'days' | 'weeks';
  shiftLength: number;
  nominalShiftMs: number;
  participantCount: number;
}

/**
 * Checks that `timeZone` is an IANA time zone name such as 'America/New_York' or 'UTC'.
 * Rejects fixed offsets such as '+05:00': they have no daylight-saving rules, so a schedule
 * in one would drift from local time twice a year.
 */
export function validateTimeZone(timeZone: string): boolean {
  if (/^[+-]/.test(timeZone)) return false;

  let resolvedId: string;
  try {
    resolvedId = Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(timeZone).timeZoneId;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
  // Temporal also accepts a whole ISO date-time string and takes its [zone] annotation,
  // so require the input to be the zone name itself (case-insensitive, as IANA names are).
  return resolvedId.toLowerCase() === timeZone.toLowerCase();
}

/** Checks that `value` is a 24-hour 'HH:MM' time, the format the `schedule` table stores. */
export function validateHandoffTime(value: string): boolean {
  return HANDOFF_TIME_PATTERN.test(value);
}

function parseRotation(rotation: RotationSpec): ParsedRotation {
  if (!validateTimeZone(rotation.timeZone)) {
    throw new RangeError(
      `Invalid rotation timeZone ${JSON.stringify(rotation.timeZone)}: use an IANA name such as 'Europe/Berlin'.`,
    );
  }
  if (!validateHandoffTime(rotation.handoffTime)) {
    throw new RangeError(
      `Invalid rotation handoffTime ${JSON.stringify(rotation.handoffTime)}: use 24-hour 'HH:MM'.`,
    );
  }
  if (!Number.isInteger(rotation.shiftLength) || rotation.shiftLength < 1) {
    throw new RangeError(
      `Invalid rotation shiftLength ${rotation.shiftLength}: use a whole number of at least 1.`,
    );
  }
  if (!Number.isInteger(rotation.participantCount) || rotation.participantCount < 0) {
    throw new RangeError(
      `Invalid rotation participantCount ${rotation.participantCount}: use a whole number of 0 or more.`,
    );
  }

  let firstDate: Temporal.PlainDate;
  try {
    firstDate = Temporal.PlainDate.from(rotation.rotationStartDate);
  } catch {
    throw new RangeError(
      `Invalid rotation rotationStartDate ${JSON.stringify(rotation.rotationStartDate)}: use 'YYYY-MM-DD'.`,
    );
  }

  const daysPerUnit = rotation.rotationType === 'weekly' ? 7 : 1;
  return {
    timeZone: rotation.timeZone,
    firstDate,
    handoffTime: Temporal.PlainTime.from(rotation.handoffTime),
    unit: rotation.rotationType === 'weekly' ? 'weeks' : 'days',
    shiftLength: rotation.shiftLength,
    nominalShiftMs: rotation.shiftLength * daysPerUnit * DAY_MS,
    participantCount: rotation.participantCount,
  };
}

/**
 * Returns the start of shift `index` in epoch milliseconds.
 *
 * The handoff is computed from the local calendar date plus the handoff time instead of by
 * adding a fixed duration to an earlier handoff. A daily shift that spans a daylight-saving
 * change is then 23 or 25 hours long, and every handoff stays at the same wall-clock time.
 * Starting again from the date each time, rather than from shift 0's ZonedDateTime, also
 * keeps a 02:30 handoff at 02:30 after a spring-forward day has moved one handoff to 03:30.
 */
function shiftStartMs(parsed: ParsedRotation, index: number): number {
  const date = parsed.firstDate.add({ [parsed.unit]: index * parsed.shiftLength });
  // 'compatible': a time skipped by spring-forward moves later by the gap (02:30 becomes
  // 03:30), and a time repeated by fall-back resolves to its first occurrence.
  return date
    .toPlainDateTime(parsed.handoffTime)
    .toZonedDateTime(parsed.timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
}

function toEpochMs(value: Date, name: string): number {
  const ms = value.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Invalid ${name}: the Date is not a valid time.`);
  return ms;
}

function participantIndexOf(parsed: ParsedRotation, index: number): number {
  if (parsed.participantCount === 0) return -1;
  return ((index % parsed.participantCount) + parsed.participantCount) % parsed.participantCount;
}

function findShiftIndex(parsed: ParsedRotation, atMs: number): number {
  // Estimate from the nominal shift length. Real handoffs differ from it only by changes in
  // UTC offset (hours), so the estimate is off by a shift or two at most and the loops below
  // settle it in a few steps. They also skip a shift of zero length, which 'compatible'
  // produces when a zone skips a whole calendar day (Pacific/Apia, 2011-12-30).
  const firstStartMs = shiftStartMs(parsed, 0);
  let index = Math.floor((atMs - firstStartMs) / parsed.nominalShiftMs);
  while (shiftStartMs(parsed, index) > atMs) index -= 1;
  while (shiftStartMs(parsed, index + 1) <= atMs) index += 1;
  return index;
}

/**
 * Returns the shift that contains `at`. Shift k starts on local date
 * `rotationStartDate + k × shiftLength` days or weeks, at `handoffTime` in `timeZone`.
 * Throws a RangeError when the rotation is invalid.
 *
 * @example
 * shiftAt({ timeZone: 'Europe/Berlin', rotationType: 'weekly', shiftLength: 1,
 *   handoffTime: '09:00', rotationStartDate: '2026-03-02', participantCount: 3 }, new Date())
 */
export function shiftAt(rotation: RotationSpec, at: Date): Shift {
  const parsed = parseRotation(rotation);
  const index = findShiftIndex(parsed, toEpochMs(at, 'at'));

  return {
    index,
    participantIndex: participantIndexOf(parsed, index),
    start: new Date(shiftStartMs(parsed, index)),
    end: new Date(shiftStartMs(parsed, index + 1)),
  };
}

/**
 * Returns the shifts that overlap [from, to), in order, or an empty array when `to` is not
 * after `from`. Throws a RangeError when more than MAX_SHIFTS_PER_RANGE shifts overlap.
 */
export function shiftsBetween(rotation: RotationSpec, from: Date, to: Date): Shift[] {
  const parsed = parseRotation(rotation);
  const fromMs = toEpochMs(from, 'from');
  const toMs = toEpochMs(to, 'to');
  if (toMs <= fromMs) return [];

  const shifts: Shift[] = [];
  let index = findShiftIndex(parsed, fromMs);
  let startMs = shiftStartMs(parsed, index);
  while (startMs < toMs) {
    const endMs = shiftStartMs(parsed, index + 1);
    if (endMs > startMs) {
      if (shifts.length === MAX_SHIFTS_PER_RANGE) {
        throw new RangeError(
          `The range ${from.toISOString()} to ${to.toISOString()} covers more than ${MAX_SHIFTS_PER_RANGE} shifts. Request a shorter range.`,
        );
      }
      shifts.push({
        index,
        participantIndex: participantIndexOf(parsed, index),
        start: new Date(startMs),
        end: new Date(endMs),
      });
    }
    index += 1;
    startMs = endMs;
  }
  return shifts;
}
