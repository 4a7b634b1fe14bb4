/**
 * Date formatting in a page's time zone with Intl, which every JavaScript runtime has.
 * Day grouping uses the calendar date in the page's zone, so an incident at
 * 2019-02-25T20:00:00Z is listed under 26 February 2019 on a page in Pacific/Auckland.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(
  timeZone: string,
  kind: 'date' | 'dateTime' | 'time' | 'key' | 'short',
): Intl.DateTimeFormat {
  const cacheKey = `${kind}|${timeZone}`;
  let format = formatters.get(cacheKey);
  if (format) return format;
  switch (kind) {
    case 'date':
      format = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        day: 'numeric',
        month: 'long',
        year: 'numeric',
      });
      break;
    case 'dateTime':
      format = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'short',
      });
      break;
    case 'time':
      format = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'short',
      });
      break;
    case 'short':
      format = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'UTC',
        day: 'numeric',
        month: 'short',
      });
      break;
    case 'key':
      // en-CA formats dates as YYYY-MM-DD.
      format = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
      break;
    default:
      return kind satisfies never;
  }
  formatters.set(cacheKey, format);
  return format;
}

/** "26 February 2019" */
export function formatDate(iso: string, timeZone: string): string {
  return formatter(timeZone, 'date').format(new Date(iso));
}

/** "26 Feb 2019, 09:00 GMT+13" (the zone name comes from the runtime's ICU data). */
export function formatDateTime(iso: string, timeZone: string): string {
  return formatter(timeZone, 'dateTime').format(new Date(iso));
}

/** "09:00 GMT+13" */
export function formatTime(iso: string, timeZone: string): string {
  return formatter(timeZone, 'time').format(new Date(iso));
}

/** Returns the calendar date of an instant in the zone, as YYYY-MM-DD. */
export function localDateKey(iso: string, timeZone: string): string {
  return formatter(timeZone, 'key').format(new Date(iso));
}

/** "26 February 2019" for a YYYY-MM-DD calendar date, which has no zone. */
export function formatDateKey(dateKey: string): string {
  return formatter('UTC', 'date').format(new Date(`${dateKey}T00:00:00Z`));
}

/** "26 Feb" for a YYYY-MM-DD calendar date. */
export function formatShortDateKey(dateKey: string): string {
  return formatter('UTC', 'short').format(new Date(`${dateKey}T00:00:00Z`));
}

/** Returns the `count` calendar dates ending with `lastKey`, newest first. */
export function dateKeysEndingOn(lastKey: string, count: number): string[] {
  const last = Date.parse(`${lastKey}T00:00:00Z`);
  const keys: string[] = [];
  for (let offset = 0; offset < count; offset += 1) {
    keys.push(new Date(last - offset * 86_400_000).toISOString().slice(0, 10));
  }
  return keys;
}
