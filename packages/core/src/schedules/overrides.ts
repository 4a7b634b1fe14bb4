import { withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { requireScope, requireTeamRole } from '../auth/permissions.ts';
import { actorOf } from '../auth/principal.ts';
import type { Caller, ConfigDeps } from '../shared/caller.ts';
import { NotFoundError, ValidationError } from '../shared/errors.ts';
import type { CreateOverrideInput } from './schemas.ts';

/**
 * Puts `userId` on call instead of the rotation for a window. Responders may cover a shift
 * (the common "can you take my Saturday" swap); the user must be a team member.
 */
export async function createOverride(deps: ConfigDeps, caller: Caller, input: CreateOverrideInput) {
  requireScope(caller.principal, 'config:write');
  const schedule = await deps.db
    .selectFrom('schedule')
    .select(['id', 'team_id'])
    .where('id', '=', input.scheduleId)
    .executeTakeFirst();
  if (!schedule) throw new NotFoundError('Schedule', input.scheduleId);
  await requireTeamRole(deps.db, caller.principal, schedule.team_id, 'RESPONDER');
  const member = await deps.db
    .selectFrom('team_member')
    .select('role')
    .where('team_id', '=', schedule.team_id)
    .where('user_id', '=', input.userId)
    .executeTakeFirst();
  if (!member || member.role === 'OBSERVER') {
    throw new ValidationError('userId', 'must be a responder or admin of the schedule’s team');
  }
  const actor = actorOf(caller.principal, caller.ip);

  return withTransaction(deps.db, async (trx) => {
    const override = await trx
      .insertInto('schedule_override')
      .values({
        schedule_id: input.scheduleId,
        user_id: input.userId,
        starts_at: input.startsAt,
        ends_at: input.endsAt,
        created_by: caller.principal.userId,
        created_at: deps.clock.now(),
      })
      .returning(['id', 'starts_at', 'ends_at'])
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, actor, {
      action: 'schedule.override_created',
      resourceType: 'schedule',
      resourceId: input.scheduleId,
      teamId: schedule.team_id,
      metadata: { overrideId: override.id, userId: input.userId },
    });
    return {
      id: override.id,
      startsAt: override.starts_at.toISOString(),
      endsAt: override.ends_at.toISOString(),
    };
  });
}

export async function deleteOverride(
  deps: ConfigDeps,
  caller: Caller,
  input: { overrideId: string },
) {
  requireScope(caller.principal, 'config:write');
  const override = await deps.db
    .selectFrom('schedule_override')
    .innerJoin('schedule', 'schedule.id', 'schedule_override.schedule_id')
    .select(['schedule_override.id', 'schedule.id as schedule_id', 'schedule.team_id'])
    .where('schedule_override.id', '=', input.overrideId)
    .executeTakeFirst();
  if (!override) throw new NotFoundError('Override', input.overrideId);
  await requireTeamRole(deps.db, caller.principal, override.team_id, 'RESPONDER');

  await withTransaction(deps.db, async (trx) => {
    await trx.deleteFrom('schedule_override').where('id', '=', input.overrideId).execute();
    await recordAuditEvent(trx, actorOf(caller.principal, caller.ip), {
      action: 'schedule.override_deleted',
      resourceType: 'schedule',
      resourceId: override.schedule_id,
      teamId: override.team_id,
      metadata: { overrideId: input.overrideId },
    });
  });
}
