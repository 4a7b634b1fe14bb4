import { type TeamRole, withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { requireScope, requireTeamRole } from '../auth/permissions.ts';
import { actorOf } from '../auth/principal.ts';
import type { Caller, ConfigDeps } from '../shared/caller.ts';
import { ConflictError, NotFoundError } from '../shared/errors.ts';

/** Adds a user to a team or changes their role; team admins and platform admins only. */
export async function setTeamMember(
  deps: ConfigDeps,
  caller: Caller,
  input: { teamId: string; userId: string; role: TeamRole },
) {
  requireScope(caller.principal, 'config:write');
  await requireTeamRole(deps.db, caller.principal, input.teamId, 'TEAM_ADMIN');
  const actor = actorOf(caller.principal, caller.ip);

  await withTransaction(deps.db, async (trx) => {
    const user = await trx
      .selectFrom('app_user')
      .select('id')
      .where('id', '=', input.userId)
      .executeTakeFirst();
    if (!user) throw new NotFoundError('User', input.userId);
    if (input.role !== 'TEAM_ADMIN') {
      const admins = await trx
        .selectFrom('team_member')
        .select('user_id')
        .where('team_id', '=', input.teamId)
        .where('role', '=', 'TEAM_ADMIN')
        .forUpdate()
        .execute();
      if (admins.length === 1 && admins[0]!.user_id === input.userId) {
        throw new ConflictError(
          'This is the team’s last admin; make another member TEAM_ADMIN first.',
        );
      }
    }
    await trx
      .insertInto('team_member')
      .values({ team_id: input.teamId, user_id: input.userId, role: input.role })
      .onConflict((conflict) =>
        conflict.columns(['team_id', 'user_id']).doUpdateSet({ role: input.role }),
      )
      .execute();
    await recordAuditEvent(trx, actor, {
      action: 'team.member_set',
      resourceType: 'team',
      resourceId: input.teamId,
      teamId: input.teamId,
      metadata: { userId: input.userId, role: input.role },
    });
  });
}

/** Removes a member; the last team admin cannot be removed, so a team never loses its admin. */
export async function removeTeamMember(
  deps: ConfigDeps,
  caller: Caller,
  input: { teamId: string; userId: string },
) {
  requireScope(caller.principal, 'config:write');
  await requireTeamRole(deps.db, caller.principal, input.teamId, 'TEAM_ADMIN');
  const actor = actorOf(caller.principal, caller.ip);

  await withTransaction(deps.db, async (trx) => {
    const admins = await trx
      .selectFrom('team_member')
      .select('user_id')
      .where('team_id', '=', input.teamId)
      .where('role', '=', 'TEAM_ADMIN')
      .forUpdate()
      .execute();
    if (admins.length === 1 && admins[0]!.user_id === input.userId) {
      throw new ConflictError(
        'This is the team’s last admin; make another member TEAM_ADMIN first.',
      );
    }
    const removed = await trx
      .deleteFrom('team_member')
      .where('team_id', '=', input.teamId)
      .where('user_id', '=', input.userId)
      .returning('user_id')
      .executeTakeFirst();
    if (!removed) throw new NotFoundError('Team member', input.userId);
    await recordAuditEvent(trx, actor, {
      action: 'team.member_removed',
      resourceType: 'team',
      resourceId: input.teamId,
      teamId: input.teamId,
      metadata: { userId: input.userId },
    });
  });
}
