import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  MAX_SHIFTS_PER_RANGE,
  type RotationSpec,
  shiftAt,
  shiftsBetween,
  validateHandoffTime,
  validateTimeZone,
} from '../src/schedules/rotation.ts';

const HOUR_MS = 3_600_000;

function rotation(overrides: Partial<RotationSpec>): RotationSpec {
  return {
    timeZone: 'UTC',
    rotationType: 'daily',
    shiftLength: 1,
    handoffTime: '09:00',
    rotationStartDate: '2026-01-05',
    participantCount: 3,
    ...overrides,
  };
}

/** Formats an instant as 'YYYY-MM-DDTHH:MM' on the wall clock of `timeZone`. */
function localTime(instant: Date, timeZone: string): string {
  const zoned = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(
    timeZone,
  );
  return zoned.toPlainDateTime().toString({ smallestUnit: 'minute' });
}

function hours(shift: { start: Date; end: Date }): number {
  return (shift.end.getTime() - shift.start.getTime()) / HOUR_MS;
}

describe('shiftAt daily rotation', () => {
  const daily = rotation({});

  it('starts shift 0 at the first handoff', () => {
    const shift = shiftAt(daily, new Date('2026-01-05T09:00:00Z'));
    expect(shift.index).toBe(0);
    expect(shift.participantIndex).toBe(0);
    expect(shift.start.toISOString()).toBe('2026-01-05T09:00:00.000Z');
    expect(shift.end.toISOString()).toBe('2026-01-06T09:00:00.000Z');
  });

  it('keeps the shift until the instant before the handoff', () => {
    const shift = shiftAt(daily, new Date('2026-01-06T08:59:59.999Z'));
    expect(shift.index).toBe(0);
  });

  it('hands off exactly at the handoff time', () => {
    const shift = shiftAt(daily, new Date('2026-01-06T09:00:00Z'));
    expect(shift.index).toBe(1);
    expect(shift.participantIndex).toBe(1);
  });

  it('wraps around to the first participant', () => {
    const shift = shiftAt(daily, new Date('2026-01-08T10:00:00Z'));
    expect(shift.index).toBe(3);
    expect(shift.participantIndex).toBe(0);
  });
});

describe('shiftAt weekly rotation', () => {
  it('runs seven-day shifts from the start date', () => {
    const weekly = rotation({
      timeZone: 'Europe/Berlin',
      rotationType: 'weekly',
      handoffTime: '10:00',
    });
    const shift = shiftAt(weekly, new Date('2026-01-20T12:00:00Z'));
    expect(shift.index).toBe(2);
    expect(shift.participantIndex).toBe(2);
    expect(shift.start.toISOString()).toBe('2026-01-19T09:00:00.000Z');
    expect(shift.end.toISOString()).toBe('2026-01-26T09:00:00.000Z');
  });

  it('keeps the local handoff across spring-forward', () => {
    const weekly = rotation({
      timeZone: 'America/New_York',
      rotationType: 'weekly',
      rotationStartDate: '2026-03-02',
    });
    const shift = shiftAt(weekly, new Date('2026-03-05T12:00:00Z'));
    expect(shift.start.toISOString()).toBe('2026-03-02T14:00:00.000Z');
    expect(shift.end.toISOString()).toBe('2026-03-09T13:00:00.000Z');
    expect(localTime(shift.end, 'America/New_York')).toBe('2026-03-09T09:00');
    expect(hours(shift)).toBe(167);
  });
});

describe('shiftAt across daylight-saving changes', () => {
  // Each case takes the daily shift that starts at 09:00 local on the day before the change,
  // so the shift contains the change and ends at 09:00 local on the day of the change.
  const cases = [
    {
      timeZone: 'America/New_York',
      change: '2026-03-08',
      start: '2026-03-07T14:00:00.000Z',
      end: '2026-03-08T13:00:00.000Z',
      hours: 23,
    },
    {
      timeZone: 'America/New_York',
      change: '2026-11-01',
      start: '2026-10-31T13:00:00.000Z',
      end: '2026-11-01T14:00:00.000Z',
      hours: 25,
    },
    {
      timeZone: 'Europe/Berlin',
      change: '2026-03-29',
      start: '2026-03-28T08:00:00.000Z',
      end: '2026-03-29T07:00:00.000Z',
      hours: 23,
    },
    {
      timeZone: 'Europe/Berlin',
      change: '2026-10-25',
      start: '2026-10-24T07:00:00.000Z',
      end: '2026-10-25T08:00:00.000Z',
      hours: 25,
    },
    {
      timeZone: 'Pacific/Auckland',
      change: '2026-04-05',
      start: '2026-04-03T20:00:00.000Z',
      end: '2026-04-04T21:00:00.000Z',
      hours: 25,
    },
    {
      timeZone: 'Pacific/Auckland',
      change: '2026-09-27',
      start: '2026-09-25T21:00:00.000Z',
      end: '2026-09-26T20:00:00.000Z',
      hours: 23,
    },
  ];

  for (const testCase of cases) {
    it(`keeps 09:00 in ${testCase.timeZone} on ${testCase.change}`, () => {
      const daily = rotation({ timeZone: testCase.timeZone, rotationStartDate: '2026-01-01' });
      const shift = shiftAt(daily, new Date(new Date(testCase.start).getTime() + HOUR_MS));

      expect(shift.start.toISOString()).toBe(testCase.start);
      expect(shift.end.toISOString()).toBe(testCase.end);
      expect(hours(shift)).toBe(testCase.hours);
      expect(localTime(shift.end, testCase.timeZone)).toBe(`${testCase.change}T09:00`);

      const following = shiftAt(daily, shift.end);
      expect(following.index).toBe(shift.index + 1);
      expect(hours(following)).toBe(24);
    });
  }
});

describe('shiftAt handoff in a spring-forward gap', () => {
  const newYork = 'America/New_York';

  it('moves the 02:30 handoff to 03:30 on the change day only', () => {
    const daily = rotation({
      timeZone: newYork,
      handoffTime: '02:30',
      rotationStartDate: '2026-03-01',
    });
    const shift = shiftAt(daily, new Date('2026-03-08T12:00:00Z'));

    expect(localTime(shift.start, newYork)).toBe('2026-03-08T03:30');
    expect(shift.start.toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(localTime(shift.end, newYork)).toBe('2026-03-09T02:30');
    expect(hours(shift)).toBe(23);

    const before = shiftAt(daily, new Date('2026-03-08T07:29:59Z'));
    expect(before.index).toBe(shift.index - 1);
    expect(hours(before)).toBe(24);
  });

  it('returns to 02:30 after a gap-day start', () => {
    const weekly = rotation({
      timeZone: newYork,
      rotationType: 'weekly',
      handoffTime: '02:30',
      rotationStartDate: '2026-03-08',
    });
    const first = shiftAt(weekly, new Date('2026-03-08T12:00:00Z'));

    expect(first.index).toBe(0);
    expect(localTime(first.start, newYork)).toBe('2026-03-08T03:30');
    expect(localTime(first.end, newYork)).toBe('2026-03-15T02:30');
  });
});

describe('shiftAt shift length', () => {
  it('runs two-day shifts', () => {
    const twoDays = rotation({
      shiftLength: 2,
      rotationStartDate: '2026-01-01',
      handoffTime: '08:00',
      participantCount: 2,
    });

    const second = shiftAt(twoDays, new Date('2026-01-04T10:00:00Z'));
    expect(second.index).toBe(1);
    expect(second.participantIndex).toBe(1);
    expect(second.start.toISOString()).toBe('2026-01-03T08:00:00.000Z');
    expect(second.end.toISOString()).toBe('2026-01-05T08:00:00.000Z');

    const third = shiftAt(twoDays, new Date('2026-01-05T08:00:00Z'));
    expect(third.index).toBe(2);
    expect(third.participantIndex).toBe(0);
  });

  it('runs two-week shifts', () => {
    const twoWeeks = rotation({
      rotationType: 'weekly',
      shiftLength: 2,
      rotationStartDate: '2026-01-05',
    });
    const shift = shiftAt(twoWeeks, new Date('2026-02-03T00:00:00Z'));
    expect(shift.index).toBe(2);
    expect(shift.start.toISOString()).toBe('2026-02-02T09:00:00.000Z');
    expect(shift.end.toISOString()).toBe('2026-02-16T09:00:00.000Z');
  });
});

describe('shiftAt before the rotation start', () => {
  const daily = rotation({ rotationStartDate: '2026-01-10' });

  it('counts the shift just before as -1', () => {
    const shift = shiftAt(daily, new Date('2026-01-10T08:59:00Z'));
    expect(shift.index).toBe(-1);
    expect(shift.participantIndex).toBe(2);
    expect(shift.start.toISOString()).toBe('2026-01-09T09:00:00.000Z');
    expect(shift.end.toISOString()).toBe('2026-01-10T09:00:00.000Z');
  });

  it('uses a positive participant index', () => {
    const shift = shiftAt(daily, new Date('2026-01-01T00:00:00Z'));
    expect(shift.index).toBe(-10);
    expect(shift.participantIndex).toBe(2);
    expect(shift.start.toISOString()).toBe('2025-12-31T09:00:00.000Z');
  });

  it('maps index -3 to participant 0', () => {
    const shift = shiftAt(daily, new Date('2026-01-07T12:00:00Z'));
    expect(shift.index).toBe(-3);
    expect(shift.participantIndex).toBe(0);
  });
});

describe('shiftAt over many years', () => {
  // A fixed linear congruential sequence, so a failure reproduces.
  function* instants(count: number, fromMs: number, spanMs: number): Generator<Date> {
    let state = 12345;
    for (let i = 0; i < count; i += 1) {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      yield new Date(fromMs + Math.floor((state / 2_147_483_648) * spanMs));
    }
  }

  const zones = ['America/New_York', 'Europe/Berlin', 'Pacific/Auckland', 'Australia/Lord_Howe'];
  for (const timeZone of zones) {
    it(`contains the instant and starts at 09:00 in ${timeZone}`, () => {
      const spec = rotation({ timeZone, rotationType: 'weekly', rotationStartDate: '2026-03-02' });
      const fromMs = Date.parse('2016-01-01T00:00:00Z');
      const spanMs = 20 * 365 * 24 * HOUR_MS;

      for (const at of instants(200, fromMs, spanMs)) {
        const shift = shiftAt(spec, at);
        expect(shift.start.getTime()).toBeLessThanOrEqual(at.getTime());
        expect(shift.end.getTime()).toBeGreaterThan(at.getTime());
        expect(localTime(shift.start, timeZone).slice(11)).toBe('09:00');
        expect(shiftAt(spec, shift.end).index).toBe(shift.index + 1);
      }
    });
  }
});

describe('shiftAt with no participants', () => {
  it('returns participant index -1', () => {
    const shift = shiftAt(rotation({ participantCount: 0 }), new Date('2026-01-06T12:00:00Z'));
    expect(shift.index).toBe(1);
    expect(shift.participantIndex).toBe(-1);
  });
});

describe('shiftAt invalid rotation', () => {
  const cases: [string, Partial<RotationSpec>][] = [
    ['unknown time zone', { timeZone: 'Mars/Olympus_Mons' }],
    ['offset time zone', { timeZone: '+02:00' }],
    ['handoff without leading zero', { handoffTime: '9:00' }],
    ['handoff at 24:00', { handoffTime: '24:00' }],
    ['zero shift length', { shiftLength: 0 }],
    ['fractional shift length', { shiftLength: 1.5 }],
    ['impossible start date', { rotationStartDate: '2026-02-30' }],
    ['negative participant count', { participantCount: -1 }],
  ];

  for (const [name, spec] of cases) {
    it(`throws for ${name}`, () => {
      expect(() => shiftAt(rotation(spec), new Date('2026-01-06T12:00:00Z'))).toThrow(RangeError);
    });
  }

  it('throws for an invalid Date', () => {
    expect(() => shiftAt(rotation({}), new Date('not a date'))).toThrow(RangeError);
  });
});

describe('shiftsBetween', () => {
  const newYork = rotation({ timeZone: 'America/New_York', rotationStartDate: '2026-01-01' });

  it('shows a 23-hour shift at spring-forward', () => {
    const shifts = shiftsBetween(
      newYork,
      new Date('2026-03-07T00:00:00Z'),
      new Date('2026-03-10T00:00:00Z'),
    );
    expect(shifts.map(hours)).toEqual([24, 23, 24, 24]);
    expect(shifts.map((shift) => localTime(shift.start, 'America/New_York'))).toEqual([
      '2026-03-06T09:00',
      '2026-03-07T09:00',
      '2026-03-08T09:00',
      '2026-03-09T09:00',
    ]);
  });

  it('shows a 25-hour shift at fall-back', () => {
    const shifts = shiftsBetween(
      newYork,
      new Date('2026-10-31T00:00:00Z'),
      new Date('2026-11-02T00:00:00Z'),
    );
    expect(shifts.map(hours)).toEqual([24, 25, 24]);
    expect(shifts[1]?.start.toISOString()).toBe('2026-10-31T13:00:00.000Z');
    expect(shifts[1]?.end.toISOString()).toBe('2026-11-01T14:00:00.000Z');
  });

  it('returns contiguous shifts with consecutive indexes', () => {
    const shifts = shiftsBetween(
      newYork,
      new Date('2026-03-01T00:00:00Z'),
      new Date('2026-04-01T00:00:00Z'),
    );
    expect(shifts).toHaveLength(32);
    for (let i = 1; i < shifts.length; i += 1) {
      expect(shifts[i]?.start).toEqual(shifts[i - 1]?.end);
      expect(shifts[i]?.index).toBe((shifts[i - 1]?.index ?? 0) + 1);
    }
  });

  it('excludes a shift that starts at the range end', () => {
    const daily = rotation({});
    const shifts = shiftsBetween(
      daily,
      new Date('2026-01-05T09:00:00Z'),
      new Date('2026-01-07T09:00:00Z'),
    );
    expect(shifts.map((shift) => shift.index)).toEqual([0, 1]);
  });

  it('returns no shifts for an empty range', () => {
    const at = new Date('2026-01-06T12:00:00Z');
    expect(shiftsBetween(rotation({}), at, at)).toEqual([]);
  });

  it('allows exactly the maximum shifts', () => {
    const from = new Date('2026-01-05T09:00:00Z');
    const to = new Date(from.getTime() + MAX_SHIFTS_PER_RANGE * 24 * HOUR_MS);
    expect(shiftsBetween(rotation({}), from, to)).toHaveLength(MAX_SHIFTS_PER_RANGE);
  });

  it('throws above the maximum shifts', () => {
    const from = new Date('2026-01-05T09:00:00Z');
    const to = new Date(from.getTime() + (MAX_SHIFTS_PER_RANGE * 24 + 1) * HOUR_MS);
    expect(() => shiftsBetween(rotation({}), from, to)).toThrow(/more than 1000 shifts/);
  });

  it('skips the zero-length shift of a skipped day', () => {
    // Samoa skipped 2011-12-30, so the handoffs for the 30th and the 31st are the same instant.
    const apia = rotation({ timeZone: 'Pacific/Apia', rotationStartDate: '2011-12-25' });
    const shifts = shiftsBetween(
      apia,
      new Date('2011-12-28T00:00:00Z'),
      new Date('2012-01-01T00:00:00Z'),
    );
    expect(shifts.map((shift) => shift.index)).toEqual([2, 3, 4, 6, 7]);
    expect(shifts.every((shift) => shift.end > shift.start)).toBe(true);
  });
});

describe('validateTimeZone', () => {
  const cases: [string, boolean][] = [
    ['America/New_York', true],
    ['Europe/Berlin', true],
    ['UTC', true],
    ['europe/berlin', true],
    ['+05:00', false],
    ['-08:00', false],
    ['Mars/Olympus_Mons', false],
    ['', false],
    ['2026-01-01T00:00[Europe/Berlin]', false],
  ];

  for (const [value, expected] of cases) {
    it(`returns ${expected} for ${JSON.stringify(value)}`, () => {
      expect(validateTimeZone(value)).toBe(expected);
    });
  }
});

describe('validateHandoffTime', () => {
  const cases: [string, boolean][] = [
    ['00:00', true],
    ['09:00', true],
    ['23:59', true],
    ['24:00', false],
    ['9:00', false],
    ['09:60', false],
    ['09:00:00', false],
    ['', false],
  ];

  for (const [value, expected] of cases) {
    it(`returns ${expected} for ${JSON.stringify(value)}`, () => {
      expect(validateHandoffTime(value)).toBe(expected);
    });
  }
});
