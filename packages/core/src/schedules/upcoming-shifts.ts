import type { Db } from '@pagefree/db';
import { readableTeamIds, requireScope } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import { type OnCallSource, resolveOnCall } from './on-call.ts';
import { loadSchedule, overrideQuery } from './who-is-on-call.ts';

/** Maximum look-ahead for upcoming shifts, in days. */
export const MAX_UPCOMING_DAYS = 60;

/** Upper bound on assignments walked per schedule, so a schedule full of short overrides stays cheap. */
const MAX_STEPS_PER_SCHEDULE = 500;

export interface UpcomingShift {
  scheduleId: string;
  scheduleName: string;
  teamName: string;
  timeZone: string;
  /** ISO 8601; may lie before `now` for the shift in progress. */
  from: string;
  until: string;
  source: OnCallSource;
}

/**
 * Lists the principal's own on-call shifts on every schedule they can read, from the one
 * in progress to `days` ahead, soonest first. Overrides are applied, so a shift someone
 * else covers does not appear and an override the user took does.
 */
export async function listUpcomingShifts(
  db: Db,
  principal: Principal,
  input: { now: Date; days: number },
): Promise<UpcomingShift[]> {
  requireScope(principal, 'config:read');
  const teamIds = await readableTeamIds(db, principal);
  if (teamIds && teamIds.length === 0) return [];

  let query = db
    .selectFrom('schedule')
    .innerJoin('team', 'team.id', 'schedule.team_id')
    .select(['schedule.id', 'schedule.name', 'schedule.time_zone', 'team.name as team_name']);
  if (teamIds) query = query.where('schedule.team_id', 'in', teamIds);
  const schedules = await query.execute();

  const horizon = new Date(input.now.getTime() + input.days * 86_400_000);
  const shifts: UpcomingShift[] = [];
  for (const schedule of schedules) {
    const loaded = await loadSchedule(db, schedule.id);
    if (!loaded) continue;
    const overrides = await overrideQuery(db, schedule.id)
      .where('schedule_override.starts_at', '<', horizon)
      .execute();
    const onCallInput = {
      rotation: loaded.rotation,
      participants: loaded.participants,
      overrides: overrides.map((row) => ({
        userId: row.user_id,
        startsAt: row.starts_at,
        endsAt: row.ends_at,
      })),
    };

    let at = input.now;
    for (let step = 0; step < MAX_STEPS_PER_SCHEDULE && at < horizon; step += 1) {
      const assignment = resolveOnCall({ ...onCallInput, at });
      if (assignment.userId === principal.userId) {
        shifts.push({
          scheduleId: schedule.id,
          scheduleName: schedule.name,
          teamName: schedule.team_name,
          timeZone: schedule.time_zone,
          from: assignment.from.toISOString(),
          until: assignment.until.toISOString(),
          source: assignment.source,
        });
      }
      at = assignment.until;
    }
  }

  return mergeAdjacent(shifts).sort((a, b) => a.from.localeCompare(b.from));
}

/** Joins back-to-back pieces of one schedule (an override cut into a shift) into one shift. */
function mergeAdjacent(shifts: UpcomingShift[]): UpcomingShift[] {
  const merged: UpcomingShift[] = [];
  for (const shift of shifts) {
    const previous = merged.at(-1);
    if (
      previous &&
      previous.scheduleId === shift.scheduleId &&
      previous.until === shift.from &&
      previous.source === shift.source
    ) {
      previous.until = shift.until;
    } else {
      merged.push({ ...shift });
    }
  }
  return merged;
}
