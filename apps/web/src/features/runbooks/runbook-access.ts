import type { SessionUser } from '../auth/use-session.ts';

type TeamRole = SessionUser['teams'][number]['role'];

const ROLE_RANK: Record<TeamRole, number> = { OBSERVER: 0, RESPONDER: 1, TEAM_ADMIN: 2 };

function hasTeamRole(user: SessionUser, teamId: string, minimum: TeamRole): boolean {
  if (user.platformRole === 'PLATFORM_ADMIN') return true;
  const membership = user.teams.find((team) => team.id === teamId);
  return membership !== undefined && ROLE_RANK[membership.role] >= ROLE_RANK[minimum];
}

/**
 * True when the user may write drafts, secrets and dry runs of a runbook owned by `teamId`:
 * team admins of that team, and platform admins. Global runbooks (`null`) are platform
 * admins' only. The server checks the same rule; this only decides what the console offers.
 */
export function canEditRunbooks(user: SessionUser, teamId: string | null): boolean {
  if (teamId === null) return user.platformRole === 'PLATFORM_ADMIN';
  return hasTeamRole(user, teamId, 'TEAM_ADMIN');
}

/** True when the user may start a runbook on an incident of the team (responders and up). */
export function canRunOnTeam(user: SessionUser, teamId: string): boolean {
  return hasTeamRole(user, teamId, 'RESPONDER');
}

/** True when the user may write a runbook of at least one team, or a global one. */
export function canAuthorRunbooks(user: SessionUser): boolean {
  return (
    user.platformRole === 'PLATFORM_ADMIN' || user.teams.some((team) => team.role === 'TEAM_ADMIN')
  );
}
