import type { ComponentStatus } from '@pagefree/db';
import { Temporal } from 'temporal-polyfill';
import { worstStatus } from './compute-status.ts';
import type { UptimeDay, UptimeSummary } from './snapshot-types.ts';

export const UPTIME_DAYS = 90;

export interface StatusInterval {
  status: ComponentStatus;
  startedAt: Date;
  /** Null for the interval the component is in now. */
  endedAt: Date | null;
}

/**
 * Builds the daily uptime bars of one component from its recorded status intervals.
 *
 * Days are calendar days in `timeZone`, so a bar covers 23 or 25 hours across a
 * daylight-saving change. Time in `major_outage` or `partial_outage` counts as downtime;
 * degraded performance and maintenance count as up. Time before `createdAt` and after `now`
 * is not observed, so a component created today can still show 100% for today.
 */
export function summarizeUptime(input: {
  intervals: readonly StatusInterval[];
  timeZone: string;
  now: Date;
  createdAt: Date;
  days?: number;
}): UptimeSummary {
  const dayCount = input.days ?? UPTIME_DAYS;
  const nowMs = input.now.getTime();
  const createdMs = input.createdAt.getTime();
  const today = Temporal.Instant.fromEpochMilliseconds(nowMs)
    .toZonedDateTimeISO(input.timeZone)
    .toPlainDate();

  const days: UptimeDay[] = [];
  let observedTotal = 0;
  let downTotal = 0;
  for (let offset = dayCount - 1; offset >= 0; offset -= 1) {
    const date = today.subtract({ days: offset });
    const dayStart = date.toZonedDateTime({ timeZone: input.timeZone }).epochMilliseconds;
    const dayEnd = date
      .add({ days: 1 })
      .toZonedDateTime({ timeZone: input.timeZone }).epochMilliseconds;
    const from = Math.max(dayStart, createdMs);
    const to = Math.min(dayEnd, nowMs);

    if (to <= from) {
      days.push({
        date: date.toString(),
        status: 'no_data',
        uptimePercent: null,
        majorOutageMinutes: 0,
        partialOutageMinutes: 0,
      });
      continue;
    }

    const seen: ComponentStatus[] = [];
    let majorMs = 0;
    let partialMs = 0;
    for (const interval of input.intervals) {
      const start = Math.max(interval.startedAt.getTime(), from);
      const end = Math.min(interval.endedAt?.getTime() ?? nowMs, to);
      if (end <= start) continue;
      seen.push(interval.status);
      if (interval.status === 'major_outage') majorMs += end - start;
      if (interval.status === 'partial_outage') partialMs += end - start;
    }

    const observed = to - from;
    observedTotal += observed;
    downTotal += majorMs + partialMs;
    days.push({
      date: date.toString(),
      status: worstStatus(seen),
      uptimePercent: percentUp(observed, majorMs + partialMs),
      majorOutageMinutes: Math.round(majorMs / 60_000),
      partialOutageMinutes: Math.round(partialMs / 60_000),
    });
  }

  return { percent: observedTotal > 0 ? percentUp(observedTotal, downTotal) : null, days };
}

/** Rounds down to two decimals, so a minute of downtime never shows as 100.00%. */
function percentUp(observedMs: number, downMs: number): number {
  return Math.floor(((observedMs - downMs) / observedMs) * 10_000) / 100;
}
