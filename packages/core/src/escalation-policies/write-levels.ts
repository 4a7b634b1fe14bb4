import type { Db } from '@pagefree/db';
import { ValidationError } from '../shared/errors.ts';
import type { EscalationPolicyFields } from './schemas.ts';

/**
 * Replaces a policy's levels and targets. Users must be active; schedules must belong to
 * the policy's team; any team may be a target (escalating to another team is common).
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
      const user = await trx
        .selectFrom('app_user')
        .select('id')
        .where('id', '=', target.id)
        .where('deactivated_at', 'is', null)
        .executeTakeFirst();
      if (!user) throw new ValidationError(field, 'must be an active user');
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
      const team = await trx
        .selectFrom('team')
        .select('id')
        .where('id', '=', target.id)
        .executeTakeFirst();
      if (!team) throw new ValidationError(field, 'must be an existing team');
      return;
    }
    default: {
      const unreachable: never = target.type;
      throw new ValidationError(field, `has unknown target type ${String(unreachable)}`);
    }
  }
}
