import type { Db } from '@pagefree/db';
import { readableTeamIds, requireScope } from '../../auth/permissions.ts';
import type { Principal } from '../../auth/principal.ts';
import { toPageView } from '../views.ts';

/** Lists the status pages of the principal's teams (every page for platform admins), by name. */
export async function listStatusPages(
  db: Db,
  principal: Principal,
  input: { teamId?: string | undefined },
  statusSiteUrl: string,
) {
  requireScope(principal, 'config:read');
  const teamIds = await readableTeamIds(db, principal);
  if (teamIds && teamIds.length === 0) return [];

  let query = db.selectFrom('status_page').selectAll().orderBy('name');
  if (teamIds) query = query.where('team_id', 'in', teamIds);
  if (input.teamId) query = query.where('team_id', '=', input.teamId);
  const pages = await query.execute();
  return pages.map((page) => toPageView(page, statusSiteUrl));
}
