import type { Db, TeamRole } from '@pagefree/db';
import { ForbiddenError, NotFoundError } from '../shared/errors.ts';
import type { ApiScope, Principal } from './principal.ts';

const ROLE_RANK: Record<TeamRole, number> = { OBSERVER: 1, RESPONDER: 2, TEAM_ADMIN: 3 };

export function isPlatformAdmin(principal: Principal): boolean {
  return principal.platformRole === 'PLATFORM_ADMIN';
}

/** Throws unless the principal is a platform admin. */
export function requirePlatformAdmin(principal: Principal): void {
  if (!isPlatformAdmin(principal)) {
    throw new ForbiddenError('Only a platform admin can do this.');
  }
}

/** Throws unless an API key principal carries `scope`; sessions carry every scope. */
export function requireScope(principal: Principal, scope: ApiScope): void {
  if (principal.via.kind === 'api_key' && !principal.via.scopes.includes(scope)) {
    throw new ForbiddenError(`This API key lacks the ${scope} scope.`);
  }
}

/**
 * Throws unless the principal holds at least `minimum` in the team. Platform admins pass
 * every team check. A non-member gets the same error as a too-low role, so team ids cannot
 * be probed.
 */
export async function requireTeamRole(
  db: Db,
  principal: Principal,
  teamId: string,
  minimum: TeamRole,
): Promise<void> {
  if (isPlatformAdmin(principal)) {
    return;
  }
  const membership = await db
    .selectFrom('team_member')
    .select('role')
    .where('team_id', '=', teamId)
    .where('user_id', '=', principal.userId)
    .executeTakeFirst();
  if (!membership || ROLE_RANK[membership.role] < ROLE_RANK[minimum]) {
    throw new ForbiddenError(`This needs the ${minimum} role or higher in the team.`);
  }
}

/** Team ids the principal may read; `null` means every team (platform admin). */
export async function readableTeamIds(db: Db, principal: Principal): Promise<string[] | null> {
  if (isPlatformAdmin(principal)) {
    return null;
  }
  const rows = await db
    .selectFrom('team_member')
    .select('team_id')
    .where('user_id', '=', principal.userId)
    .execute();
  return rows.map((row) => row.team_id);
}

/** Checks what `requireTeamRole` checks, returning false instead of throwing. */
export async function hasTeamRole(
  db: Db,
  principal: Principal,
  teamId: string,
  minimum: TeamRole,
): Promise<boolean> {
  try {
    await requireTeamRole(db, principal, teamId, minimum);
    return true;
  } catch (error) {
    if (error instanceof ForbiddenError) return false;
    throw error;
  }
}

/**
 * Throws NotFoundError, as for an unknown id, unless the principal may read the team's
 * resources. Reads use it so another team's ids look the same as random ones.
 */
export async function requireReadable(
  db: Db,
  principal: Principal,
  teamId: string,
  resource: string,
  id: string,
): Promise<void> {
  if (!(await hasTeamRole(db, principal, teamId, 'OBSERVER'))) {
    throw new NotFoundError(resource, id);
  }
}
