const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const weekdayTimeFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** Formats a time relative to now ("5 min. ago", "in 2 hr."), for lists next to the exact time. */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const deltaMs = new Date(iso).getTime() - now;
  for (const [unit, unitMs] of UNITS) {
    if (Math.abs(deltaMs) >= unitMs) {
      return relativeFormat.format(Math.round(deltaMs / unitMs), unit);
    }
  }
  return Math.abs(deltaMs) < 45_000 ? 'just now' : relativeFormat.format(0, 'minute');
}

/** Formats date and time in the browser's time zone, e.g. "4 Dec 2026, 03:12". */
export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

export function formatTime(iso: string): string {
  return timeFormat.format(new Date(iso));
}

/** Formats a shift boundary briefly, e.g. "Fri 4 Dec, 09:00". */
export function formatShiftBoundary(iso: string): string {
  return weekdayTimeFormat.format(new Date(iso));
}

/** Formats a span as "2 h 5 min", or as "3 d 4 h" from one day on. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
  return `${rest} min`;
}

/**
 * Formats a date for an `<input type="datetime-local">` in the browser's time zone, because
 * that input neither takes nor returns an offset.
 */
export function toLocalInputValue(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** Parses a `datetime-local` value as browser-local time; null when empty or invalid. */
export function fromLocalInputValue(value: string): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
