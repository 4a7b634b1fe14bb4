import type { Db } from '@pagefree/db';
import { NotFoundError } from '../shared/errors.ts';
import {
  type OnCallAssignment,
  type OnCallSource,
  type OverrideWindow,
  resolveOnCall,
} from './on-call.ts';
import { type RotationSpec, shiftAt } from './rotation.ts';

/** An on-call assignment with the user's display name, over [from, until). */
export interface OnCallSlot {
  userId: string;
  userName: string;
  from: Date;
  until: Date;
  source: OnCallSource;
}

export interface LoadedSchedule {
  rotation: RotationSpec;
  /** User ids in rotation order. */
  participants: string[];
  userNames: Map<string, string>;
}

/** Loads a schedule's rotation and participants in order, or null when it does not exist. */
export async function loadSchedule(db: Db, scheduleId: string): Promise<LoadedSchedule | null> {
  const schedule = await db
    .selectFrom('schedule')
    .select(['time_zone', 'rotation_type', 'shift_length', 'handoff_time', 'rotation_start_date'])
    .where('id', '=', scheduleId)
    .executeTakeFirst();
  if (!schedule) return null;

  // NOTE: deactivated users stay in the rotation, so their shifts do not move everyone
  // else's, and are returned as on call like any other participant.
  const participants = await db
    .selectFrom('schedule_participant')
    .innerJoin('app_user', 'app_user.id', 'schedule_participant.user_id')
    .select(['schedule_participant.user_id', 'app_user.name'])
    .where('schedule_participant.schedule_id', '=', scheduleId)
    .orderBy('schedule_participant.position')
    .execute();

  return {
    rotation: {
      timeZone: schedule.time_zone,
      rotationType: schedule.rotation_type,
      shiftLength: schedule.shift_length,
      handoffTime: schedule.handoff_time,
      rotationStartDate: schedule.rotation_start_date,
      participantCount: participants.length,
    },
    participants: participants.map((row) => row.user_id),
    userNames: new Map(participants.map((row) => [row.user_id, row.name])),
  };
}

/** Selects a schedule's overrides in creation order, which decides between overlapping ones. */
export function overrideQuery(db: Db, scheduleId: string) {
  return (
    db
      .selectFrom('schedule_override')
      .innerJoin('app_user', 'app_user.id', 'schedule_override.user_id')
      .select([
        'schedule_override.user_id',
        'schedule_override.starts_at',
        'schedule_override.ends_at',
        'app_user.name',
      ])
      .where('schedule_override.schedule_id', '=', scheduleId)
      // Creation order decides which of two overlapping overrides wins. The id only breaks
      // ties between rows created in one transaction, where the order is arbitrary.
      .orderBy('schedule_override.created_at')
      .orderBy('schedule_override.id')
  );
}

/**
 * Loads every override that can affect the assignments at `at` and after it. `from` of the
 * current assignment reaches back at most to the start of the current shift or of an
 * override active at `at`, so overrides that ended before the earlier of the two are skipped.
 */
async function loadOverridesFrom(db: Db, scheduleId: string, rotation: RotationSpec, at: Date) {
  const earliestActive = await db
    .selectFrom('schedule_override')
    .select((eb) => eb.fn.min('starts_at').as('starts_at'))
    .where('schedule_id', '=', scheduleId)
    .where('starts_at', '<=', at)
    .where('ends_at', '>', at)
    .executeTakeFirst();

  let lowerBound = shiftAt(rotation, at).start;
  const activeStart = earliestActive?.starts_at ? new Date(earliestActive.starts_at) : null;
  if (activeStart && activeStart < lowerBound) lowerBound = activeStart;

  return overrideQuery(db, scheduleId)
    .where('schedule_override.ends_at', '>', lowerBound)
    .execute();
}

function toSlot(assignment: OnCallAssignment, userNames: Map<string, string>): OnCallSlot | null {
  if (assignment.userId === null) return null;
  return {
    userId: assignment.userId,
    userName: userNames.get(assignment.userId) ?? '',
    from: assignment.from,
    until: assignment.until,
    source: assignment.source,
  };
}

/**
 * Returns who is on call for a schedule at `at` and who takes over when that assignment
 * ends. A slot is null when no user is on call in it, because the rotation has no
 * participants and no override applies. Throws NotFoundError when the schedule does not exist.
 */
export async function whoIsOnCall(
  db: Db,
  scheduleId: string,
  at: Date,
): Promise<{ now: OnCallSlot | null; next: OnCallSlot | null }> {
  const schedule = await loadSchedule(db, scheduleId);
  if (!schedule) throw new NotFoundError('Schedule', scheduleId);

  const overrideRows = await loadOverridesFrom(db, scheduleId, schedule.rotation, at);
  const overrides: OverrideWindow[] = overrideRows.map((row) => ({
    userId: row.user_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
  }));
  for (const row of overrideRows) schedule.userNames.set(row.user_id, row.name);

  const input = { rotation: schedule.rotation, participants: schedule.participants, overrides, at };
  const now = resolveOnCall(input);
  const next = resolveOnCall({ ...input, at: now.until });

  return { now: toSlot(now, schedule.userNames), next: toSlot(next, schedule.userNames) };
}

/**
 * Returns the ids of the users to page for a schedule at `at`: one user, or an empty array
 * when no user is on call or the schedule no longer exists (it may be deleted while an
 * incident escalates, and the escalation should move on instead of failing).
 */
export async function onCallUserIds(db: Db, scheduleId: string, at: Date): Promise<string[]> {
  const schedule = await loadSchedule(db, scheduleId);
  if (!schedule) return [];

  // Only the user matters here, not `from` or `until`, so overrides active at `at` suffice.
  const overrideRows = await overrideQuery(db, scheduleId)
    .where('schedule_override.starts_at', '<=', at)
    .where('schedule_override.ends_at', '>', at)
    .execute();
  const overrides = overrideRows.map((row) => ({
    userId: row.user_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
  }));

  const current = resolveOnCall({
    rotation: schedule.rotation,
    participants: schedule.participants,
    overrides,
    at,
  });
  return current.userId === null ? [] : [current.userId];
}
