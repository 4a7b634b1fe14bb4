import { randomUUID } from 'node:crypto';
import type { Db } from '@pagefree/db';
import { createTestDatabase, type TestDatabase } from '@pagefree/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  nextOnCall,
  type OnCallInput,
  type OverrideWindow,
  resolveOnCall,
} from '../src/schedules/on-call.ts';
import type { RotationSpec } from '../src/schedules/rotation.ts';
import { onCallUserIds, whoIsOnCall } from '../src/schedules/who-is-on-call.ts';
import { NotFoundError } from '../src/shared/errors.ts';

// Daily UTC rotation with a 09:00 handoff: 2026-01-05 is alice, 01-06 bob, 01-07 carol.
const dailyRotation: RotationSpec = {
  timeZone: 'UTC',
  rotationType: 'daily',
  shiftLength: 1,
  handoffTime: '09:00',
  rotationStartDate: '2026-01-05',
  participantCount: 3,
};

function override(userId: string, startsAt: string, endsAt: string): OverrideWindow {
  return { userId, startsAt: new Date(startsAt), endsAt: new Date(endsAt) };
}

function input(
  at: string,
  overrides: OverrideWindow[] = [],
  participants = ['alice', 'bob', 'carol'],
): OnCallInput {
  return { rotation: dailyRotation, participants, overrides, at: new Date(at) };
}

describe('resolveOnCall', () => {
  it('returns the rotation participant without overrides', () => {
    const current = resolveOnCall(input('2026-01-06T12:00:00Z'));
    expect(current.userId).toBe('bob');
    expect(current.source).toBe('rotation');
    expect(current.from.toISOString()).toBe('2026-01-06T09:00:00.000Z');
    expect(current.until.toISOString()).toBe('2026-01-07T09:00:00.000Z');
  });

  it('lets an override win over the rotation', () => {
    const overrides = [override('dave', '2026-01-06T10:00:00Z', '2026-01-06T14:00:00Z')];
    const current = resolveOnCall(input('2026-01-06T12:00:00Z', overrides));
    expect(current.userId).toBe('dave');
    expect(current.source).toBe('override');
    expect(current.from.toISOString()).toBe('2026-01-06T10:00:00.000Z');
    expect(current.until.toISOString()).toBe('2026-01-06T14:00:00.000Z');
  });

  it('treats the override end as exclusive', () => {
    const overrides = [override('dave', '2026-01-06T10:00:00Z', '2026-01-06T14:00:00Z')];
    const current = resolveOnCall(input('2026-01-06T14:00:00Z', overrides));
    expect(current.userId).toBe('bob');
    expect(current.from.toISOString()).toBe('2026-01-06T14:00:00.000Z');
  });

  it('keeps an override across a shift handoff', () => {
    const overrides = [override('dave', '2026-01-06T20:00:00Z', '2026-01-07T12:00:00Z')];
    const current = resolveOnCall(input('2026-01-07T10:00:00Z', overrides));
    expect(current.userId).toBe('dave');
    expect(current.from.toISOString()).toBe('2026-01-06T20:00:00.000Z');
    expect(current.until.toISOString()).toBe('2026-01-07T12:00:00.000Z');
  });

  it('cuts the rotation at the next override start', () => {
    const overrides = [override('dave', '2026-01-06T15:00:00Z', '2026-01-06T16:00:00Z')];
    const current = resolveOnCall(input('2026-01-06T12:00:00Z', overrides));
    expect(current.userId).toBe('bob');
    expect(current.from.toISOString()).toBe('2026-01-06T09:00:00.000Z');
    expect(current.until.toISOString()).toBe('2026-01-06T15:00:00.000Z');
  });

  it('starts the rotation again at the override end', () => {
    const overrides = [override('dave', '2026-01-06T15:00:00Z', '2026-01-06T16:00:00Z')];
    const current = resolveOnCall(input('2026-01-06T17:00:00Z', overrides));
    expect(current.userId).toBe('bob');
    expect(current.from.toISOString()).toBe('2026-01-06T16:00:00.000Z');
    expect(current.until.toISOString()).toBe('2026-01-07T09:00:00.000Z');
  });

  it('ignores an override after the shift end', () => {
    const overrides = [override('dave', '2026-01-08T15:00:00Z', '2026-01-08T16:00:00Z')];
    const current = resolveOnCall(input('2026-01-06T12:00:00Z', overrides));
    expect(current.until.toISOString()).toBe('2026-01-07T09:00:00.000Z');
  });

  it('ignores an empty override window', () => {
    const overrides = [override('dave', '2026-01-06T15:00:00Z', '2026-01-06T15:00:00Z')];
    const current = resolveOnCall(input('2026-01-06T12:00:00Z', overrides));
    expect(current.until.toISOString()).toBe('2026-01-07T09:00:00.000Z');
  });

  it('returns no user for a rotation without participants', () => {
    const current = resolveOnCall(input('2026-01-06T12:00:00Z', [], []));
    expect(current.userId).toBeNull();
    expect(current.source).toBe('rotation');
  });

  it('lets an override cover a rotation without participants', () => {
    const overrides = [override('dave', '2026-01-06T10:00:00Z', '2026-01-06T14:00:00Z')];
    const current = resolveOnCall(input('2026-01-06T12:00:00Z', overrides, []));
    expect(current.userId).toBe('dave');
  });

  it('ends a shift at the local handoff across DST', () => {
    const newYork = {
      ...dailyRotation,
      timeZone: 'America/New_York',
      rotationStartDate: '2026-03-01',
    };
    const current = resolveOnCall({
      rotation: newYork,
      participants: ['alice'],
      overrides: [],
      at: new Date('2026-03-07T20:00:00Z'),
    });
    expect(current.until.toISOString()).toBe('2026-03-08T13:00:00.000Z');
  });
});

describe('resolveOnCall overlapping overrides', () => {
  // `long` is created first and covers 10:00-18:00; `short` is created later, 12:00-14:00.
  const long = override('dave', '2026-01-06T10:00:00Z', '2026-01-06T18:00:00Z');
  const short = override('erin', '2026-01-06T12:00:00Z', '2026-01-06T14:00:00Z');

  it('lets the later-created override win', () => {
    const current = resolveOnCall(input('2026-01-06T13:00:00Z', [long, short]));
    expect(current.userId).toBe('erin');
    expect(current.from.toISOString()).toBe('2026-01-06T12:00:00.000Z');
    expect(current.until.toISOString()).toBe('2026-01-06T14:00:00.000Z');
  });

  it('cuts the earlier override at the later start', () => {
    const current = resolveOnCall(input('2026-01-06T11:00:00Z', [long, short]));
    expect(current.userId).toBe('dave');
    expect(current.from.toISOString()).toBe('2026-01-06T10:00:00.000Z');
    expect(current.until.toISOString()).toBe('2026-01-06T12:00:00.000Z');
  });

  it('resumes the earlier override after the later ends', () => {
    const current = resolveOnCall(input('2026-01-06T15:00:00Z', [long, short]));
    expect(current.userId).toBe('dave');
    expect(current.from.toISOString()).toBe('2026-01-06T14:00:00.000Z');
    expect(current.until.toISOString()).toBe('2026-01-06T18:00:00.000Z');
  });

  it('ignores an earlier-created override inside the winner', () => {
    const current = resolveOnCall(input('2026-01-06T13:00:00Z', [short, long]));
    expect(current.userId).toBe('dave');
    expect(current.from.toISOString()).toBe('2026-01-06T10:00:00.000Z');
    expect(current.until.toISOString()).toBe('2026-01-06T18:00:00.000Z');
  });
});

describe('nextOnCall', () => {
  it('returns the next override', () => {
    const overrides = [override('dave', '2026-01-06T15:00:00Z', '2026-01-06T16:00:00Z')];
    const next = nextOnCall(input('2026-01-06T12:00:00Z', overrides));
    expect(next.userId).toBe('dave');
    expect(next.source).toBe('override');
    expect(next.from.toISOString()).toBe('2026-01-06T15:00:00.000Z');
    expect(next.until.toISOString()).toBe('2026-01-06T16:00:00.000Z');
  });

  it('returns the rotation after an override', () => {
    const overrides = [override('dave', '2026-01-06T15:00:00Z', '2026-01-06T16:00:00Z')];
    const next = nextOnCall(input('2026-01-06T15:30:00Z', overrides));
    expect(next.userId).toBe('bob');
    expect(next.source).toBe('rotation');
    expect(next.from.toISOString()).toBe('2026-01-06T16:00:00.000Z');
    expect(next.until.toISOString()).toBe('2026-01-07T09:00:00.000Z');
  });

  it('returns the next shift at the handoff', () => {
    const next = nextOnCall(input('2026-01-06T12:00:00Z'));
    expect(next.userId).toBe('carol');
    expect(next.from.toISOString()).toBe('2026-01-07T09:00:00.000Z');
    expect(next.until.toISOString()).toBe('2026-01-08T09:00:00.000Z');
  });

  it('returns the same user in a one-person rotation', () => {
    const next = nextOnCall(input('2026-01-06T12:00:00Z', [], ['alice']));
    expect(next.userId).toBe('alice');
    expect(next.from.toISOString()).toBe('2026-01-07T09:00:00.000Z');
  });
});

describe('whoIsOnCall in PostgreSQL', () => {
  let testDb: TestDatabase;
  let db: Db;
  let teamId: string;
  const users: Record<'alice' | 'bob' | 'carol' | 'dave', { id: string; name: string }> = {
    alice: { id: '', name: 'Alice Archer' },
    bob: { id: '', name: 'Bob Baker' },
    carol: { id: '', name: 'Carol Chen' },
    dave: { id: '', name: 'Dave Diaz' },
  };

  beforeAll(async () => {
    testDb = await createTestDatabase(2);
    db = testDb.db;

    const team = await db
      .insertInto('team')
      .values({ name: 'Payments', slug: `payments-${randomUUID()}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    teamId = team.id;

    for (const [key, user] of Object.entries(users)) {
      const row = await db
        .insertInto('app_user')
        .values({ email: `${key}-${randomUUID()}@example.com`, name: user.name })
        .returning('id')
        .executeTakeFirstOrThrow();
      user.id = row.id;
    }
  });

  afterAll(async () => {
    await testDb?.drop();
  });

  async function createSchedule(participants: string[]): Promise<string> {
    const schedule = await db
      .insertInto('schedule')
      .values({
        team_id: teamId,
        name: `Primary ${randomUUID()}`,
        time_zone: 'UTC',
        rotation_type: 'daily',
        shift_length: 1,
        handoff_time: '09:00',
        rotation_start_date: '2026-01-05',
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    if (participants.length > 0) {
      await db
        .insertInto('schedule_participant')
        .values(
          participants.map((userId, position) => ({
            schedule_id: schedule.id,
            position,
            user_id: userId,
          })),
        )
        .execute();
    }
    return schedule.id;
  }

  async function addOverride(
    scheduleId: string,
    userId: string,
    startsAt: string,
    endsAt: string,
    createdAt: string,
  ) {
    await db
      .insertInto('schedule_override')
      .values({
        schedule_id: scheduleId,
        user_id: userId,
        starts_at: startsAt,
        ends_at: endsAt,
        created_at: createdAt,
      })
      .execute();
  }

  it('returns the rotation now and the next shift', async () => {
    const scheduleId = await createSchedule([users.alice.id, users.bob.id, users.carol.id]);

    const result = await whoIsOnCall(db, scheduleId, new Date('2026-01-06T12:00:00Z'));

    expect(result.now).toEqual({
      userId: users.bob.id,
      userName: 'Bob Baker',
      source: 'rotation',
      from: new Date('2026-01-06T09:00:00Z'),
      until: new Date('2026-01-07T09:00:00Z'),
    });
    expect(result.next).toEqual({
      userId: users.carol.id,
      userName: 'Carol Chen',
      source: 'rotation',
      from: new Date('2026-01-07T09:00:00Z'),
      until: new Date('2026-01-08T09:00:00Z'),
    });
  });

  it('returns an active override with its user name', async () => {
    const scheduleId = await createSchedule([users.alice.id, users.bob.id]);
    await addOverride(
      scheduleId,
      users.dave.id,
      '2026-01-06T10:00:00Z',
      '2026-01-06T14:00:00Z',
      '2026-01-01T00:00:00Z',
    );

    const result = await whoIsOnCall(db, scheduleId, new Date('2026-01-06T12:00:00Z'));

    expect(result.now?.userId).toBe(users.dave.id);
    expect(result.now?.userName).toBe('Dave Diaz');
    expect(result.now?.source).toBe('override');
    expect(result.now?.until).toEqual(new Date('2026-01-06T14:00:00Z'));
    expect(result.next?.userId).toBe(users.bob.id);
    expect(result.next?.from).toEqual(new Date('2026-01-06T14:00:00Z'));
  });

  it('orders overlapping overrides by creation time', async () => {
    const scheduleId = await createSchedule([users.alice.id]);
    // Inserted newest first, so only created_at can put them in the right order.
    await addOverride(
      scheduleId,
      users.carol.id,
      '2026-01-06T12:00:00Z',
      '2026-01-06T14:00:00Z',
      '2026-01-02T00:00:00Z',
    );
    await addOverride(
      scheduleId,
      users.dave.id,
      '2026-01-06T10:00:00Z',
      '2026-01-06T18:00:00Z',
      '2026-01-01T00:00:00Z',
    );

    const result = await whoIsOnCall(db, scheduleId, new Date('2026-01-06T13:00:00Z'));

    expect(result.now?.userId).toBe(users.carol.id);
    expect(result.next?.userId).toBe(users.dave.id);
    expect(result.next?.from).toEqual(new Date('2026-01-06T14:00:00Z'));
    expect(result.next?.until).toEqual(new Date('2026-01-06T18:00:00Z'));
  });

  it('reaches back before the shift for from', async () => {
    const scheduleId = await createSchedule([users.alice.id, users.bob.id]);
    // dave's override began the evening before; carol's later-created one interrupted it
    // until 02:00, which is before the 09:00 handoff of the shift that contains `at`.
    await addOverride(
      scheduleId,
      users.dave.id,
      '2026-01-05T20:00:00Z',
      '2026-01-06T12:00:00Z',
      '2026-01-01T00:00:00Z',
    );
    await addOverride(
      scheduleId,
      users.carol.id,
      '2026-01-05T22:00:00Z',
      '2026-01-06T02:00:00Z',
      '2026-01-02T00:00:00Z',
    );

    const result = await whoIsOnCall(db, scheduleId, new Date('2026-01-06T10:00:00Z'));

    expect(result.now?.userId).toBe(users.dave.id);
    expect(result.now?.from).toEqual(new Date('2026-01-06T02:00:00Z'));
  });

  it('returns null slots without participants', async () => {
    const scheduleId = await createSchedule([]);

    const result = await whoIsOnCall(db, scheduleId, new Date('2026-01-06T12:00:00Z'));

    expect(result.now).toBeNull();
    expect(result.next).toBeNull();
  });

  it('throws NotFoundError for a missing schedule', async () => {
    await expect(
      whoIsOnCall(db, randomUUID(), new Date('2026-01-06T12:00:00Z')),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('returns the on-call user id for paging', async () => {
    const scheduleId = await createSchedule([users.alice.id, users.bob.id]);
    await addOverride(
      scheduleId,
      users.dave.id,
      '2026-01-06T10:00:00Z',
      '2026-01-06T14:00:00Z',
      '2026-01-01T00:00:00Z',
    );

    expect(await onCallUserIds(db, scheduleId, new Date('2026-01-06T09:30:00Z'))).toEqual([
      users.bob.id,
    ]);
    expect(await onCallUserIds(db, scheduleId, new Date('2026-01-06T12:00:00Z'))).toEqual([
      users.dave.id,
    ]);
  });

  it('returns no user ids when nobody is on call', async () => {
    const scheduleId = await createSchedule([]);
    expect(await onCallUserIds(db, scheduleId, new Date('2026-01-06T12:00:00Z'))).toEqual([]);
  });

  it('returns no user ids for a missing schedule', async () => {
    expect(await onCallUserIds(db, randomUUID(), new Date('2026-01-06T12:00:00Z'))).toEqual([]);
  });
});
