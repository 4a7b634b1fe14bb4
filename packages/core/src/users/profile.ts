import type { Db } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { requireScope } from '../auth/permissions.ts';
import { actorOf, type Principal } from '../auth/principal.ts';
import { hashPassword, verifyPassword } from '../crypto/password.ts';
import type { Caller, ConfigDeps } from '../shared/caller.ts';
import { ValidationError } from '../shared/errors.ts';

/** The signed-in user's profile and team memberships. */
export async function getProfile(db: Db, principal: Principal) {
  const user = await db
    .selectFrom('app_user')
    .select(['id', 'email', 'name', 'platform_role', 'time_zone'])
    .where('id', '=', principal.userId)
    .executeTakeFirstOrThrow();
  const teams = await db
    .selectFrom('team_member')
    .innerJoin('team', 'team.id', 'team_member.team_id')
    .select(['team.id', 'team.name', 'team.slug', 'team_member.role'])
    .where('team_member.user_id', '=', principal.userId)
    .orderBy('team.name')
    .execute();
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    platformRole: user.platform_role,
    timeZone: user.time_zone,
    teams,
  };
}

/** Lists active users (id, name, email) so admins can pick members and assignees. */
export async function listUsers(
  db: Db,
  principal: Principal,
  input: { search?: string | undefined; limit: number },
) {
  requireScope(principal, 'config:read');
  let query = db
    .selectFrom('app_user')
    .select(['id', 'name', 'email', 'platform_role'])
    .where('deactivated_at', 'is', null)
    .orderBy('name')
    .limit(input.limit);
  if (input.search) {
    const pattern = `%${input.search.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('name', 'ilike', pattern), eb('email', 'ilike', pattern)]),
    );
  }
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    email: row.email,
    platformRole: row.platform_role,
  }));
}

export async function changePassword(
  deps: ConfigDeps,
  caller: Caller,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await deps.db
    .selectFrom('app_user')
    .select(['password_hash'])
    .where('id', '=', caller.principal.userId)
    .executeTakeFirstOrThrow();
  if (!user.password_hash || !(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw new ValidationError('currentPassword', 'is incorrect');
  }
  await deps.db
    .updateTable('app_user')
    .set({ password_hash: await hashPassword(input.newPassword), updated_at: deps.clock.now() })
    .where('id', '=', caller.principal.userId)
    .execute();
  // Someone who learned the old password may hold a session; end every other one.
  const currentSession =
    caller.principal.via.kind === 'session' ? caller.principal.via.sessionId : null;
  let otherSessions = deps.db
    .updateTable('user_session')
    .set({ revoked_at: deps.clock.now() })
    .where('user_id', '=', caller.principal.userId)
    .where('revoked_at', 'is', null);
  if (currentSession) otherSessions = otherSessions.where('id', '<>', currentSession);
  await otherSessions.execute();
  await recordAuditEvent(deps.db, actorOf(caller.principal, caller.ip), {
    action: 'user.password_changed',
    resourceType: 'user',
    resourceId: caller.principal.userId,
  });
}
