import type { Db } from '@pagefree/db';
import { requirePlatformAdmin } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import { type RunbookVersionSummary, toVersionSummary } from './runbook-view.ts';

export interface PendingApproval extends RunbookVersionSummary {
  teamId: string | null;
  /** The approved version a reviewer compares the draft with, if any. */
  approvedVersionId: string | null;
}

/**
 * The approval queue: each runbook's newest version when it is a DRAFT, oldest first.
 * Older drafts stay approvable by id, but the queue shows only the newest one.
 */
export async function listPendingApprovals(
  db: Db,
  principal: Principal,
): Promise<PendingApproval[]> {
  requirePlatformAdmin(principal);
  const rows = await db
    .selectFrom('runbook_version')
    .innerJoin('runbook', 'runbook.id', 'runbook_version.runbook_id')
    .leftJoin('runbook_version as approved', (join) =>
      join
        .onRef('approved.runbook_id', '=', 'runbook_version.runbook_id')
        .on('approved.status', '=', 'APPROVED'),
    )
    .selectAll('runbook_version')
    .select(['runbook.team_id', 'approved.id as approved_version_id'])
    .where('runbook_version.status', '=', 'DRAFT')
    .whereRef('runbook_version.version', '=', 'runbook.latest_version')
    .orderBy('runbook_version.created_at')
    .limit(500)
    .execute();
  return rows.map((row) => ({
    ...toVersionSummary(row),
    teamId: row.team_id,
    approvedVersionId: row.approved_version_id,
  }));
}
