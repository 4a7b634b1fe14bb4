import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTRPC } from '../../lib/trpc.ts';

/** How long names of users and teams stay fresh, in milliseconds; they rarely change. */
const DIRECTORY_STALE_MS = 300_000;

/**
 * Names of users and teams by id, for authors, approvers and owning teams. Ids not found
 * (more than 200 users, or teams the user is not in) show as plain ids.
 */
export function useDirectory() {
  const trpc = useTRPC();
  const users = useQuery(
    trpc.users.list.queryOptions({ limit: 200 }, { staleTime: DIRECTORY_STALE_MS }),
  );
  const teams = useQuery(
    trpc.teams.list.queryOptions(undefined, { staleTime: DIRECTORY_STALE_MS }),
  );
  return useMemo(() => {
    const userNames = new Map((users.data ?? []).map((user) => [user.id, user.name]));
    const teamNames = new Map((teams.data ?? []).map((team) => [team.id, team.name]));
    const platformAdminIds = (users.data ?? [])
      .filter((user) => user.platformRole === 'PLATFORM_ADMIN')
      .map((user) => user.id);
    return {
      userNames,
      teamNames,
      teams: teams.data ?? [],
      teamsPending: teams.isPending,
      platformAdminIds,
      /** Label of an owning team; null is a global runbook. */
      ownerLabel(teamId: string | null): string {
        if (teamId === null) return 'Global';
        return teamNames.get(teamId) ?? 'Another team';
      },
      userLabel(userId: string | null): string {
        if (userId === null) return 'the system';
        return userNames.get(userId) ?? 'an unknown user';
      },
    };
  }, [users.data, teams.data, teams.isPending]);
}
