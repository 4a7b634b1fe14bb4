import type { Db } from '@pagefree/db';
import { ValidationError } from '../shared/errors.ts';
import type { EscalationPolicyFields } from './schemas.ts';

/**
 * Replaces a policy's levels and targets. Every target belongs to the policy's team: its
 * active responders and admins, its schedules, or the team itself. Only team members can
 * acknowledge the team's incidents, so paging anyone else would page people who cannot act;
 * to escalate to another group, add its people to the team.
 */
export async function writeLevels(
  trx: Db,
  policyId: string,
  teamId: string,
  levels: EscalationPolicyFields['levels'],
) {
  for (const [levelIndex, level] of levels.entries()) {
    for (const [targetIndex, target] of level.targets.entries()) {
      await checkTarget(trx, teamId, target, `levels[${levelIndex}].targets[${targetIndex}].id`);
    }
  }

  await trx.deleteFrom('escalation_level').where('policy_id', '=', policyId).execute();
  for (const [position, level] of levels.entries()) {
    const row = await trx
      .insertInto('escalation_level')
      .values({ policy_id: policyId, position, delay_minutes: level.delayMinutes })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('escalation_target')
      .values(
        level.targets.map((target) => ({
          level_id: row.id,
          target_type: target.type,
          user_id: target.type === 'user' ? target.id : null,
          schedule_id: target.type === 'schedule' ? target.id : null,
          team_id: target.type === 'team' ? target.id : null,
        })),
      )
      .execute();
  }
}

async function checkTarget(
  trx: Db,
  teamId: string,
  target: { type: 'user' | 'schedule' | 'team'; id: string },
  field: string,
) {
  switch (target.type) {
    case 'user': {
      const member = await trx
        .selectFrom('team_member')
        .innerJoin('app_user', 'app_user.id', 'team_member.user_id')
        .select('team_member.role')
        .where('team_member.team_id', '=', teamId)
        .where('team_member.user_id', '=', target.id)
        .where('app_user.deactivated_at', 'is', null)
        .executeTakeFirst();
      if (!member || member.role === 'OBSERVER') {
        throw new ValidationError(
          field,
          'must be an active responder or admin of the policy’s team',
        );
      }
      return;
    }
    case 'schedule': {
      const schedule = await trx
        .selectFrom('schedule')
        .select('team_id')
        .where('id', '=', target.id)
        .executeTakeFirst();
      if (!schedule || schedule.team_id !== teamId)
        throw new ValidationError(field, 'must be a schedule of the policy’s team');
      return;
    }
    case 'team': {
      if (target.id !== teamId) {
        throw new ValidationError(
          field,
          'must be the policy’s own team; add people from other teams as members first',
        );
      }
      return;
    }
    default: {
      const unreachable: never = target.type;
      throw new ValidationError(field, `has unknown target type ${String(unreachable)}`);
    }
  }
}
