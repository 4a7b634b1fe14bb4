import type { Db } from '@pagefree/db';
import { readableTeamIds, requireReadable, requireScope } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import { NotFoundError } from '../shared/errors.ts';
import { type OnCallSlot, whoIsOnCall } from './who-is-on-call.ts';

function slotView(slot: OnCallSlot | null) {
  if (!slot) return null;
  return {
    userId: slot.userId,
    userName: slot.userName,
    from: slot.from.toISOString(),
    until: slot.until.toISOString(),
    source: slot.source,
  };
}

/** Schedules of the principal's teams with who is on call now and next. */
export async function listSchedules(
  db: Db,
  principal: Principal,
  input: { teamId?: string | undefined; now: Date },
) {
  requireScope(principal, 'config:read');
  const teamIds = await readableTeamIds(db, principal);
  if (teamIds && teamIds.length === 0) return [];
  let query = db
    .selectFrom('schedule')
    .innerJoin('team', 'team.id', 'schedule.team_id')
    .select([
      'schedule.id',
      'schedule.name',
      'schedule.team_id',
      'team.name as team_name',
      'schedule.time_zone',
      'schedule.rotation_type',
      'schedule.shift_length',
      'schedule.handoff_time',
      'schedule.rotation_start_date',
    ])
    .orderBy('schedule.name');
  if (teamIds) query = query.where('schedule.team_id', 'in', teamIds);
  if (input.teamId) query = query.where('schedule.team_id', '=', input.teamId);
  const rows = await query.execute();

  const result = [];
  for (const row of rows) {
    const onCall = await whoIsOnCall(db, row.id, input.now);
    result.push({
      id: row.id,
      name: row.name,
      team: { id: row.team_id, name: row.team_name },
      timeZone: row.time_zone,
      rotationType: row.rotation_type,
      shiftLength: row.shift_length,
      handoffTime: row.handoff_time,
      rotationStartDate: row.rotation_start_date,
      onCallNow: slotView(onCall.now),
      onCallNext: slotView(onCall.next),
    });
  }
  return result;
}

/** One schedule with its participants, upcoming overrides and current on-call. */
export async function getSchedule(
  db: Db,
  principal: Principal,
  input: { scheduleId: string; now: Date },
) {
  requireScope(principal, 'config:read');
  const schedule = await db
    .selectFrom('schedule')
    .selectAll()
    .where('id', '=', input.scheduleId)
    .executeTakeFirst();
  if (!schedule) throw new NotFoundError('Schedule', input.scheduleId);
  await requireReadable(db, principal, schedule.team_id, 'Schedule', input.scheduleId);

  const participants = await db
    .selectFrom('schedule_participant')
    .innerJoin('app_user', 'app_user.id', 'schedule_participant.user_id')
    .select(['schedule_participant.position', 'app_user.id', 'app_user.name'])
    .where('schedule_participant.schedule_id', '=', schedule.id)
    .orderBy('schedule_participant.position')
    .execute();
  const overrides = await db
    .selectFrom('schedule_override')
    .innerJoin('app_user', 'app_user.id', 'schedule_override.user_id')
    .select([
      'schedule_override.id',
      'schedule_override.starts_at',
      'schedule_override.ends_at',
      'app_user.id as user_id',
      'app_user.name as user_name',
    ])
    .where('schedule_override.schedule_id', '=', schedule.id)
    .where('schedule_override.ends_at', '>', input.now)
    .orderBy('schedule_override.starts_at')
    .execute();
  const onCall = await whoIsOnCall(db, schedule.id, input.now);

  return {
    id: schedule.id,
    name: schedule.name,
    teamId: schedule.team_id,
    timeZone: schedule.time_zone,
    rotationType: schedule.rotation_type,
    shiftLength: schedule.shift_length,
    handoffTime: schedule.handoff_time,
    rotationStartDate: schedule.rotation_start_date,
    participants: participants.map((participant) => ({
      position: participant.position,
      userId: participant.id,
      name: participant.name,
    })),
    overrides: overrides.map((override) => ({
      id: override.id,
      userId: override.user_id,
      userName: override.user_name,
      startsAt: override.starts_at.toISOString(),
      endsAt: override.ends_at.toISOString(),
    })),
    onCallNow: slotView(onCall.now),
    onCallNext: slotView(onCall.next),
  };
}
