import { withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { requireScope, requireTeamRole } from '../auth/permissions.ts';
import { actorOf } from '../auth/principal.ts';
import type { Caller, ConfigDeps } from '../shared/caller.ts';
import { ValidationError } from '../shared/errors.ts';
import type { CreateScheduleInput } from './schemas.ts';

/** Creates a schedule with one rotation; participants must be members of the team. */
export async function createSchedule(deps: ConfigDeps, caller: Caller, input: CreateScheduleInput) {
  requireScope(caller.principal, 'config:write');
  await requireTeamRole(deps.db, caller.principal, input.teamId, 'TEAM_ADMIN');
  const members = await deps.db
    .selectFrom('team_member')
    .select('user_id')
    .where('team_id', '=', input.teamId)
    .where('user_id', 'in', input.participantIds)
    .execute();
  const memberIds = new Set(members.map((member) => member.user_id));
  const outsider = input.participantIds.findIndex((id) => !memberIds.has(id));
  if (outsider >= 0) {
    throw new ValidationError(
      `participantIds.${outsider}`,
      'must be a member of the schedule’s team; add them to the team first',
    );
  }
  const actor = actorOf(caller.principal, caller.ip);

  return withTransaction(deps.db, async (trx) => {
    const schedule = await trx
      .insertInto('schedule')
      .values({
        team_id: input.teamId,
        name: input.name,
        time_zone: input.timeZone,
        rotation_type: input.rotationType,
        shift_length: input.shiftLength,
        handoff_time: input.handoffTime,
        rotation_start_date: input.rotationStartDate,
      })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('schedule_participant')
      .values(
        input.participantIds.map((userId, position) => ({
          schedule_id: schedule.id,
          position,
          user_id: userId,
        })),
      )
      .execute();
    await recordAuditEvent(trx, actor, {
      action: 'schedule.created',
      resourceType: 'schedule',
      resourceId: schedule.id,
      teamId: input.teamId,
    });
    return schedule;
  });
}
