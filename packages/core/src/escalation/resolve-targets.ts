import type { Db } from '@pagefree/db';
import { onCallUserIds } from '../schedules/who-is-on-call.ts';

/**
 * The users an escalation level pages at `at`: its users, whoever is on call in its
 * schedules, and the responders and admins of its team. Order follows the level's targets,
 * without duplicates. Only active responders and admins of the incident's team are paged,
 * because only they can acknowledge; someone removed from the team since the policy or the
 * rotation was written is skipped.
 */
export async function resolveLevelUsers(
  trx: Db,
  levelId: string,
  teamId: string,
  at: Date,
): Promise<string[]> {
  const targets = await trx
    .selectFrom('escalation_target')
    .select(['target_type', 'user_id', 'schedule_id', 'team_id'])
    .where('level_id', '=', levelId)
    .orderBy('id')
    .execute();

  const userIds: string[] = [];
  for (const target of targets) {
    switch (target.target_type) {
      case 'user':
        userIds.push(target.user_id!);
        break;
      case 'schedule':
        userIds.push(...(await onCallUserIds(trx, target.schedule_id!, at)));
        break;
      case 'team': {
        const members = await trx
          .selectFrom('team_member')
          .select('user_id')
          .where('team_id', '=', target.team_id!)
          .where('role', 'in', ['RESPONDER', 'TEAM_ADMIN'])
          .orderBy('created_at')
          .execute();
        userIds.push(...members.map((member) => member.user_id));
        break;
      }
      default: {
        const unreachable: never = target.target_type;
        throw new Error(`Unknown escalation target type ${String(unreachable)}`);
      }
    }
  }

  const unique = [...new Set(userIds)];
  if (unique.length === 0) return [];
  const eligible = await trx
    .selectFrom('team_member')
    .innerJoin('app_user', 'app_user.id', 'team_member.user_id')
    .select('team_member.user_id')
    .where('team_member.team_id', '=', teamId)
    .where('team_member.user_id', 'in', unique)
    .where('team_member.role', 'in', ['RESPONDER', 'TEAM_ADMIN'])
    .where('app_user.deactivated_at', 'is', null)
    .execute();
  const eligibleIds = new Set(eligible.map((row) => row.user_id));
  return unique.filter((id) => eligibleIds.has(id));
}
