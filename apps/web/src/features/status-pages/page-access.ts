import type { SessionUser } from '../auth/use-session.ts';

/** Changes the signed-in user may make on one status page. Reading needs only membership. */
export interface StatusPageAccess {
  /** Settings, sections, components, templates, maintenance, removing subscribers. */
  canConfigure: boolean;
  /** Posting status incidents and their updates. */
  canCommunicate: boolean;
}

/**
 * Derives the user's access to a page of `teamId` from their team role: team admins
 * configure, responders communicate, observers read. It only decides which controls show,
 * the server checks every request again.
 */
export function statusPageAccess(user: SessionUser, teamId: string): StatusPageAccess {
  if (user.platformRole === 'PLATFORM_ADMIN') return { canConfigure: true, canCommunicate: true };
  const role = user.teams.find((team) => team.id === teamId)?.role;
  return {
    canConfigure: role === 'TEAM_ADMIN',
    canCommunicate: role === 'TEAM_ADMIN' || role === 'RESPONDER',
  };
}
