import type { Db } from '@pagefree/db';
import { readableTeamIds, requireReadable, requireScope } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import { NotFoundError } from '../shared/errors.ts';

export async function listEscalationPolicies(
  db: Db,
  principal: Principal,
  input: { teamId?: string | undefined },
) {
  requireScope(principal, 'config:read');
  const teamIds = await readableTeamIds(db, principal);
  if (teamIds && teamIds.length === 0) return [];
  let query = db
    .selectFrom('escalation_policy')
    .select(['id', 'team_id', 'name', 'description', 'repeat_count'])
    .orderBy('name');
  if (teamIds) query = query.where('team_id', 'in', teamIds);
  if (input.teamId) query = query.where('team_id', '=', input.teamId);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    teamId: row.team_id,
    name: row.name,
    description: row.description,
    repeatCount: row.repeat_count,
  }));
}

/** One policy with its levels and targets (with display names). */
export async function getEscalationPolicy(db: Db, principal: Principal, policyId: string) {
  requireScope(principal, 'config:read');
  const policy = await db
    .selectFrom('escalation_policy')
    .select(['id', 'team_id', 'name', 'description', 'repeat_count'])
    .where('id', '=', policyId)
    .executeTakeFirst();
  if (!policy) throw new NotFoundError('Escalation policy', policyId);
  await requireReadable(db, principal, policy.team_id, 'Escalation policy', policyId);

  const levels = await db
    .selectFrom('escalation_level')
    .select(['id', 'position', 'delay_minutes'])
    .where('policy_id', '=', policyId)
    .orderBy('position')
    .execute();
  const targets = levels.length
    ? await db
        .selectFrom('escalation_target')
        .leftJoin('app_user', 'app_user.id', 'escalation_target.user_id')
        .leftJoin('schedule', 'schedule.id', 'escalation_target.schedule_id')
        .leftJoin('team', 'team.id', 'escalation_target.team_id')
        .select([
          'escalation_target.level_id',
          'escalation_target.target_type',
          'escalation_target.user_id',
          'escalation_target.schedule_id',
          'escalation_target.team_id',
          'app_user.name as user_name',
          'schedule.name as schedule_name',
          'team.name as team_name',
        ])
        .where(
          'escalation_target.level_id',
          'in',
          levels.map((level) => level.id),
        )
        .orderBy('escalation_target.id')
        .execute()
    : [];

  return {
    id: policy.id,
    teamId: policy.team_id,
    name: policy.name,
    description: policy.description,
    repeatCount: policy.repeat_count,
    levels: levels.map((level) => ({
      delayMinutes: level.delay_minutes,
      targets: targets
        .filter((target) => target.level_id === level.id)
        .map((target) => ({
          type: target.target_type,
          id: (target.user_id ?? target.schedule_id ?? target.team_id)!,
          name: target.user_name ?? target.schedule_name ?? target.team_name ?? '',
        })),
    })),
  };
}
