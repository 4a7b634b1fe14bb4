import type { Db } from '@pagefree/db';
import type { z } from 'zod';
import { readableTeamIds, requireScope } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import { loadRunbookSummaries, type RunbookSummary } from './runbook-view.ts';
import type { listRunbooksInput } from './schemas.ts';

/** Lists the runbook library: the principal's teams' runbooks and the global ones, by name. */
export async function listRunbooks(
  db: Db,
  principal: Principal,
  input: z.output<typeof listRunbooksInput>,
): Promise<RunbookSummary[]> {
  requireScope(principal, 'config:read');
  const readable = await readableTeamIds(db, principal);
  let visibleTeams = readable;
  if (input.teamId) {
    visibleTeams = readable === null || readable.includes(input.teamId) ? [input.teamId] : [];
  }

  const query = db
    .selectFrom('runbook')
    .select('id')
    .where((eb) => {
      const conditions = [];
      if (visibleTeams === null) conditions.push(eb('team_id', 'is not', null));
      else if (visibleTeams.length > 0) conditions.push(eb('team_id', 'in', visibleTeams));
      if (input.includeGlobal) conditions.push(eb('team_id', 'is', null));
      return eb.or(conditions);
    });
  const rows = await query.limit(1000).execute();

  const summaries = await loadRunbookSummaries(
    db,
    rows.map((row) => row.id),
  );
  return summaries.sort((a, b) => a.name.localeCompare(b.name));
}
