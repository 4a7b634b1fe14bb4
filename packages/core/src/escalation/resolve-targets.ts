import type { Db } from '@pagefree/db';
import { onCallUserIds } from '../schedules/who-is-on-call.ts';

/**
 * The active users an escalation level pages at `at`: its users, whoever is on call in its
 * schedules, and the responders and admins of its teams (observers are never paged).
 * Order follows the level's targets, without duplicates.
 */
export async function resolveLevelUsers(trx: Db, levelId: string, at: Date): Promise<string[]> {
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
  const active = await trx
    .selectFrom('app_user')
    .select('id')
    .where('id', 'in', unique)
    .where('deactivated_at', 'is', null)
    .execute();
  const activeIds = new Set(active.map((row) => row.id));
  return unique.filter((id) => activeIds.has(id));
}
