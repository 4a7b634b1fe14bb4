import type { Db } from '@pagefree/db';
import { readableTeamIds, requireScope, requireTeamRole } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';

/** Teams the principal belongs to (all teams for platform admins), with the caller's role. */
export async function listTeams(db: Db, principal: Principal) {
  requireScope(principal, 'config:read');
  const teamIds = await readableTeamIds(db, principal);
  if (teamIds && teamIds.length === 0) return [];

  let query = db
    .selectFrom('team')
    .leftJoin('team_member', (join) =>
      join
        .onRef('team_member.team_id', '=', 'team.id')
        .on('team_member.user_id', '=', principal.userId),
    )
    .select([
      'team.id',
      'team.name',
      'team.slug',
      'team.default_escalation_policy_id',
      'team_member.role as myRole',
    ])
    .orderBy('team.name');
  if (teamIds) query = query.where('team.id', 'in', teamIds);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    slug: row.slug,
    defaultEscalationPolicyId: row.default_escalation_policy_id,
    myRole: row.myRole,
  }));
}

export async function listTeamMembers(db: Db, principal: Principal, teamId: string) {
  requireScope(principal, 'config:read');
  await requireTeamRole(db, principal, teamId, 'OBSERVER');
  const rows = await db
    .selectFrom('team_member')
    .innerJoin('app_user', 'app_user.id', 'team_member.user_id')
    .select([
      'app_user.id',
      'app_user.name',
      'app_user.email',
      'team_member.role',
      'app_user.deactivated_at',
    ])
    .where('team_member.team_id', '=', teamId)
    .orderBy('app_user.name')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    active: row.deactivated_at === null,
  }));
}
