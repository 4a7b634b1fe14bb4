import { useOutletContext } from 'react-router';
import type { RouterOutputs } from '../../lib/trpc.ts';

export type Team = RouterOutputs['teams']['list'][number];

export interface ConfigContext {
  /** A team the user administers; only such teams are offered on the configuration page. */
  team: Team;
}

/** Returns the team whose configuration the panels show, chosen on the configuration page. */
export function useConfigTeam(): ConfigContext {
  return useOutletContext<ConfigContext>();
}
