import type { Db } from '@pagefree/db';
import { requireScope, requireTeamRole } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import type { Clock } from '../shared/clock.ts';
import { type CircuitView, loadCircuit } from './circuit-breaker.ts';

/** Returns whether a team's automatic runs are paused. Members of the team may read it. */
export async function getTeamCircuit(
  deps: { db: Db; clock: Clock },
  principal: Principal,
  teamId: string,
): Promise<CircuitView> {
  requireScope(principal, 'config:read');
  await requireTeamRole(deps.db, principal, teamId, 'OBSERVER');
  return loadCircuit(deps.db, teamId, deps.clock.now());
}
