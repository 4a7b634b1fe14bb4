import type { Db, Runbook } from '@pagefree/db';
import { isPlatformAdmin, requireReadable, requireTeamRole } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import { ForbiddenError, NotFoundError } from '../shared/errors.ts';

/**
 * Access levels to a runbook:
 * - read (library, versions, secret names, rules): members of the owning team, and everyone
 *   for a global runbook; platform admins always;
 * - edit (new drafts, secrets, rules): team admins of the owning team; global runbooks only
 *   platform admins;
 * - approve and deprecate: platform admins only (see approve-version.ts).
 */
export type RunbookAccess = 'read' | 'edit';

/**
 * Loads a runbook after checking the principal's access. A runbook the principal cannot
 * read raises NotFound, so ids of other teams' runbooks cannot be probed.
 */
export async function loadRunbookForPrincipal(
  db: Db,
  principal: Principal,
  runbookId: string,
  access: RunbookAccess,
): Promise<Runbook> {
  const runbook = await db
    .selectFrom('runbook')
    .selectAll()
    .where('id', '=', runbookId)
    .executeTakeFirst();
  if (!runbook) {
    throw new NotFoundError('Runbook', runbookId);
  }
  if (runbook.team_id !== null) {
    await requireReadable(db, principal, runbook.team_id, 'Runbook', runbookId);
  }
  if (access === 'edit') {
    await requireRunbookEditor(db, principal, runbook.team_id);
  }
  return runbook;
}

/** Throws unless the principal may create or edit runbooks owned by `teamId` (null: global). */
export async function requireRunbookEditor(
  db: Db,
  principal: Principal,
  teamId: string | null,
): Promise<void> {
  if (teamId === null) {
    if (!isPlatformAdmin(principal)) {
      throw new ForbiddenError('Only a platform admin can edit global runbooks.');
    }
    return;
  }
  await requireTeamRole(db, principal, teamId, 'TEAM_ADMIN');
}

/** True when a runbook owned by `runbookTeamId` may run on an incident of `incidentTeamId`. */
export function runbookServesTeam(runbookTeamId: string | null, incidentTeamId: string): boolean {
  return runbookTeamId === null || runbookTeamId === incidentTeamId;
}
