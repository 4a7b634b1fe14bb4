/**
 * Conversions between instants and wall-clock times in an IANA time zone, for forms whose
 * `datetime-local` inputs mean local time in the maintenance's zone, not the browser's.
 */

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormats.set(timeZone, format);
  }
  return format;
}

/** Checks whether the runtime supports `timeZone` as an IANA name (or an alias of one). */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone) return false;
  try {
    partsFormat(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Returns the wall-clock fields of `date` in `timeZone`, as if they were a UTC instant, in ms. */
function wallClockAsUtc(date: Date, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of partsFormat(timeZone).formatToParts(date)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return Date.UTC(
    fields.year ?? 1970,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  );
}

const DAY_MS = 86_400_000;

/** Returns the zone's offset from UTC at `instantMs`, in ms (positive east of Greenwich). */
function offsetAt(instantMs: number, timeZone: string): number {
  const wholeSeconds = Math.floor(instantMs / 1000) * 1000;
  return wallClockAsUtc(new Date(wholeSeconds), timeZone) - wholeSeconds;
}

/**
 * Converts a `datetime-local` value ("2026-03-29T02:30") read as wall-clock time in
 * `timeZone` to an instant. Returns null for an empty or invalid value or zone.
 * A time that a daylight-saving change repeats maps to its first occurrence. A time that a
 * change skips (02:30 on a spring-forward night) maps to the same distance past the change,
 * e.g. 03:30.
 */
export function fromZonedInputValue(value: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match || !isValidTimeZone(timeZone)) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const wallMs = Date.UTC(year, month - 1, day, hour, minute);
  if (Number.isNaN(wallMs)) return null;

  // Zones change their offset at most once within a day, so the offsets a day before and a
  // day after are the only candidates. A candidate fits when it maps back to the wall time.
  const offsetBefore = offsetAt(wallMs - DAY_MS, timeZone);
  const offsetAfter = offsetAt(wallMs + DAY_MS, timeZone);
  const fitting = [wallMs - offsetBefore, wallMs - offsetAfter].filter(
    (instantMs) => wallClockAsUtc(new Date(instantMs), timeZone) === wallMs,
  );
  if (fitting.length > 0) return new Date(Math.min(...fitting));
  return new Date(wallMs - offsetBefore);
}

/** Formats an instant as a `datetime-local` value in `timeZone`, e.g. "2026-03-29T03:30". */
export function toZonedInputValue(date: Date, timeZone: string): string {
  return new Date(wallClockAsUtc(date, timeZone)).toISOString().slice(0, 16);
}

const displayFormats = new Map<string, Intl.DateTimeFormat>();

/** Formats an instant in `timeZone` for people, e.g. "Sun, 29 Mar 2026, 03:30 CEST". */
export function formatInZone(iso: string, timeZone: string): string {
  let format = displayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat(undefined, {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    displayFormats.set(timeZone, format);
  }
  return format.format(new Date(iso));
}

/** Returns the browser's IANA time zone, or UTC where the runtime does not report one. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Lists every IANA zone the runtime supports, for a `<datalist>`. Older browsers get none. */
export function knownTimeZones(): string[] {
  return typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
}
