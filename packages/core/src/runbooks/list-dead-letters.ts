import type { Db } from '@pagefree/db';
import type { z } from 'zod';
import { requirePlatformAdmin } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import type { listDeadLettersInput } from './schemas.ts';

export interface DeadLetterView {
  id: string;
  executionId: string;
  runbookId: string;
  runbookName: string;
  teamId: string;
  incidentId: string;
  reason: string;
  message: string;
  attempts: number;
  createdAt: string;
  rerun: { executionId: string | null; by: string | null; at: string } | null;
}

/** Lists dead letters, newest first, by default only those not re-run yet. Platform admins only. */
export async function listDeadLetters(
  db: Db,
  principal: Principal,
  input: z.output<typeof listDeadLettersInput>,
): Promise<DeadLetterView[]> {
  requirePlatformAdmin(principal);
  let query = db
    .selectFrom('runbook_dead_letter as letter')
    .innerJoin('runbook_execution as execution', 'execution.id', 'letter.execution_id')
    .innerJoin('runbook_version as version', 'version.id', 'execution.version_id')
    .selectAll('letter')
    .select(['execution.incident_id', 'version.name as runbook_name'])
    .orderBy('letter.created_at', 'desc')
    .limit(input.limit);
  if (!input.includeRerun) query = query.where('letter.rerun_at', 'is', null);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    executionId: row.execution_id,
    runbookId: row.runbook_id,
    runbookName: row.runbook_name,
    teamId: row.team_id,
    incidentId: row.incident_id,
    reason: row.reason,
    message: row.message,
    attempts: row.attempts,
    createdAt: row.created_at.toISOString(),
    rerun: row.rerun_at
      ? { executionId: row.rerun_execution_id, by: row.rerun_by, at: row.rerun_at.toISOString() }
      : null,
  }));
}
