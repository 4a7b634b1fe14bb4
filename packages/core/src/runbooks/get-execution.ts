import type { RunbookExecutionDetail } from '@pagefree/contracts';
import type { Db } from '@pagefree/db';
import { requireReadable, requireScope } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import { NotFoundError } from '../shared/errors.ts';
import { loadExecutionDetail } from './execution-view.ts';

/**
 * Returns one execution with its script, masked output and log lines. Members of the
 * incident's team may read it. Other callers get NotFound, so execution ids cannot be probed.
 */
export async function getExecution(
  db: Db,
  principal: Principal,
  executionId: string,
): Promise<RunbookExecutionDetail> {
  requireScope(principal, 'incidents:read');
  await requireExecutionReader(db, principal, executionId);
  const detail = await loadExecutionDetail(db, executionId);
  if (!detail) throw new NotFoundError('Runbook execution', executionId);
  return detail;
}

/** Throws NotFound unless the principal may watch the execution (observer of its team). */
export async function requireExecutionReader(
  db: Db,
  principal: Principal,
  executionId: string,
): Promise<{ teamId: string }> {
  const row = await db
    .selectFrom('runbook_execution')
    .select('team_id')
    .where('id', '=', executionId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Runbook execution', executionId);
  await requireReadable(db, principal, row.team_id, 'Runbook execution', executionId);
  return { teamId: row.team_id };
}
