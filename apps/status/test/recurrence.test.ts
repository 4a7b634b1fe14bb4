import {
  currentOrNextOccurrence,
  type MaintenanceSchedule,
  occurrenceAfter,
  occurrenceAt,
} from '@pagefree/core/status-pages/recurrence';
import { summarizeUptime } from '@pagefree/core/status-pages/uptime';
import { describe, expect, it } from 'vitest';

const berlinWeekly: MaintenanceSchedule = {
  timeZone: 'Europe/Berlin',
  // Saturday 2026-03-21 02:00 CET (UTC+1), two hours long.
  startsAt: new Date('2026-03-21T01:00:00Z'),
  endsAt: new Date('2026-03-21T03:00:00Z'),
  recurrence: 'weekly',
  interval: 1,
  until: null,
};

describe('maintenance recurrence', () => {
  it('weekly window keeps local time across DST', () => {
    // Clocks go forward on Sunday 2026-03-29, between the second and third occurrence.
    const second = occurrenceAt(berlinWeekly, 1);
    const third = occurrenceAt(berlinWeekly, 2);

    expect(second.start.toISOString()).toBe('2026-03-28T01:00:00.000Z');
    expect(third.start.toISOString()).toBe('2026-04-04T00:00:00.000Z');
    expect(third.end.toISOString()).toBe('2026-04-04T02:00:00.000Z');
  });

  it('window on the night of the change keeps its local end', () => {
    const nightly: MaintenanceSchedule = {
      ...berlinWeekly,
      recurrence: 'daily',
      startsAt: new Date('2026-03-28T00:30:00Z'),
      endsAt: new Date('2026-03-28T02:30:00Z'),
    };

    // 01:30 to 03:30 local on 2026-03-29 lasts one hour, because 02:00 to 03:00 is skipped.
    const changeNight = occurrenceAt(nightly, 1);

    expect(changeNight.start.toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(changeNight.end.toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('monthly window on the 31st clamps and recovers', () => {
    const monthly: MaintenanceSchedule = {
      timeZone: 'UTC',
      startsAt: new Date('2027-01-31T22:00:00Z'),
      endsAt: new Date('2027-01-31T23:00:00Z'),
      recurrence: 'monthly',
      interval: 1,
      until: null,
    };

    expect(occurrenceAt(monthly, 1).start.toISOString()).toBe('2027-02-28T22:00:00.000Z');
    expect(occurrenceAt(monthly, 2).start.toISOString()).toBe('2027-03-31T22:00:00.000Z');
  });

  it('current occurrence is found after many repeats', () => {
    const found = currentOrNextOccurrence(berlinWeekly, new Date('2026-06-13T01:30:00Z'));

    expect(found?.start.toISOString()).toBe('2026-06-13T00:00:00.000Z');
    expect(found?.end.toISOString()).toBe('2026-06-13T02:00:00.000Z');
  });

  it('until ends the series', () => {
    const limited = { ...berlinWeekly, until: new Date('2026-03-29T00:00:00Z') };

    const second = occurrenceAt(limited, 1);
    const next = occurrenceAfter(limited, { ...second, index: 1 });

    expect(next).toBeNull();
    expect(currentOrNextOccurrence(limited, new Date('2026-04-01T00:00:00Z'))).toBeNull();
  });

  it('single window ends after its end', () => {
    const single = { ...berlinWeekly, recurrence: 'none' as const };

    expect(currentOrNextOccurrence(single, new Date('2026-03-21T02:59:00Z'))?.index).toBe(0);
    expect(currentOrNextOccurrence(single, new Date('2026-03-21T03:00:00Z'))).toBeNull();
  });
});

describe('uptime summary', () => {
  it('outage minutes count as downtime', () => {
    const uptime = summarizeUptime({
      timeZone: 'UTC',
      now: new Date('2026-05-10T12:00:00Z'),
      createdAt: new Date('2026-05-01T00:00:00Z'),
      days: 3,
      intervals: [
        {
          status: 'operational',
          startedAt: new Date('2026-05-01T00:00:00Z'),
          endedAt: new Date('2026-05-09T10:00:00Z'),
        },
        {
          status: 'major_outage',
          startedAt: new Date('2026-05-09T10:00:00Z'),
          endedAt: new Date('2026-05-09T10:36:00Z'),
        },
        {
          status: 'degraded_performance',
          startedAt: new Date('2026-05-09T10:36:00Z'),
          endedAt: new Date('2026-05-09T11:00:00Z'),
        },
        { status: 'operational', startedAt: new Date('2026-05-09T11:00:00Z'), endedAt: null },
      ],
    });

    expect(uptime.days.map((day) => day.date)).toEqual(['2026-05-08', '2026-05-09', '2026-05-10']);
    expect(uptime.days[1]).toMatchObject({
      status: 'major_outage',
      majorOutageMinutes: 36,
      uptimePercent: 97.5,
    });
    expect(uptime.days[2]).toMatchObject({ status: 'operational', uptimePercent: 100 });
    // 36 minutes down in 60 observed hours (two full days and half of today).
    expect(uptime.percent).toBe(99);
  });

  it('days before creation have no data', () => {
    const uptime = summarizeUptime({
      timeZone: 'UTC',
      now: new Date('2026-05-10T12:00:00Z'),
      createdAt: new Date('2026-05-10T06:00:00Z'),
      days: 2,
      intervals: [
        { status: 'operational', startedAt: new Date('2026-05-10T06:00:00Z'), endedAt: null },
      ],
    });

    expect(uptime.days[0]).toMatchObject({ status: 'no_data', uptimePercent: null });
    expect(uptime.days[1]).toMatchObject({ status: 'operational', uptimePercent: 100 });
  });

  it('day of a DST change has 23 hours', () => {
    const uptime = summarizeUptime({
      timeZone: 'Europe/Berlin',
      now: new Date('2026-03-30T12:00:00Z'),
      createdAt: new Date('2026-03-01T00:00:00Z'),
      days: 2,
      intervals: [
        {
          status: 'operational',
          startedAt: new Date('2026-03-01T00:00:00Z'),
          endedAt: new Date('2026-03-29T10:00:00Z'),
        },
        {
          status: 'partial_outage',
          startedAt: new Date('2026-03-29T10:00:00Z'),
          endedAt: new Date('2026-03-29T10:23:00Z'),
        },
        { status: 'operational', startedAt: new Date('2026-03-29T10:23:00Z'), endedAt: null },
      ],
    });

    // 23 minutes of a 23-hour day.
    expect(uptime.days[0]).toMatchObject({
      date: '2026-03-29',
      partialOutageMinutes: 23,
      uptimePercent: 98.33,
    });
  });
});
