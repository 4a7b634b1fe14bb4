import { useQuery } from '@tanstack/react-query';
import { type RouterOutputs, useTRPC } from '../../lib/trpc.ts';

export type SessionUser = NonNullable<RouterOutputs['auth']['session']>;

/** Queries the signed-in user with their teams; the data is null when signed out. */
export function useSessionQuery() {
  const trpc = useTRPC();
  return useQuery(trpc.auth.session.queryOptions(undefined, { staleTime: 60_000 }));
}

/** True when the user may change configuration of at least one team. */
export function canConfigure(user: SessionUser): boolean {
  return (
    user.platformRole === 'PLATFORM_ADMIN' || user.teams.some((team) => team.role === 'TEAM_ADMIN')
  );
}

export function isPlatformAdmin(user: SessionUser): boolean {
  return user.platformRole === 'PLATFORM_ADMIN';
}
