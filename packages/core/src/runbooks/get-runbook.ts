import type { Db } from '@pagefree/db';
import { requireScope } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import { NotFoundError } from '../shared/errors.ts';
import { loadRunbookForPrincipal } from './access.ts';
import { listSecretNames, type RunbookSecretView } from './list-secrets.ts';
import {
  loadRunbookSummaries,
  type RunbookSummary,
  type RunbookVersionSummary,
  type RunbookVersionView,
  toVersionSummary,
  toVersionView,
} from './runbook-view.ts';

export interface RunbookDetail extends RunbookSummary {
  /** Newest first. */
  versions: RunbookVersionSummary[];
  /** Names and dates only; values are never returned. */
  secrets: RunbookSecretView[];
}

/** A runbook with its version history and secret names. */
export async function getRunbook(
  db: Db,
  principal: Principal,
  runbookId: string,
): Promise<RunbookDetail> {
  requireScope(principal, 'config:read');
  await loadRunbookForPrincipal(db, principal, runbookId, 'read');
  const [summary] = await loadRunbookSummaries(db, [runbookId]);
  const versions = await listVersions(db, principal, runbookId);
  return {
    ...summary!,
    versions,
    secrets: await listSecretNames(db, principal, runbookId),
  };
}

/** Every version of a runbook, newest first, without scripts. */
export async function listVersions(
  db: Db,
  principal: Principal,
  runbookId: string,
): Promise<RunbookVersionSummary[]> {
  requireScope(principal, 'config:read');
  await loadRunbookForPrincipal(db, principal, runbookId, 'read');
  const rows = await db
    .selectFrom('runbook_version')
    .selectAll()
    .where('runbook_id', '=', runbookId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map(toVersionSummary);
}

/** One version with its script and parameters schema. */
export async function getVersion(
  db: Db,
  principal: Principal,
  versionId: string,
): Promise<RunbookVersionView> {
  requireScope(principal, 'config:read');
  const row = await db
    .selectFrom('runbook_version')
    .selectAll()
    .where('id', '=', versionId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Runbook version', versionId);
  try {
    await loadRunbookForPrincipal(db, principal, row.runbook_id, 'read');
  } catch (error) {
    if (error instanceof NotFoundError) throw new NotFoundError('Runbook version', versionId);
    throw error;
  }
  return toVersionView(row);
}
