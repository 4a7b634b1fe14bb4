import type { Db } from '@pagefree/db';
import { requireScope } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import { loadRunbookForPrincipal } from './access.ts';

/** A secret as the API shows it: never its value. */
export interface RunbookSecretView {
  name: string;
  updatedAt: string;
}

export async function listSecretNames(
  db: Db,
  principal: Principal,
  runbookId: string,
): Promise<RunbookSecretView[]> {
  requireScope(principal, 'config:read');
  await loadRunbookForPrincipal(db, principal, runbookId, 'read');
  const rows = await db
    .selectFrom('runbook_secret')
    .select(['name', 'updated_at'])
    .where('runbook_id', '=', runbookId)
    .orderBy('name')
    .execute();
  return rows.map((row) => ({ name: row.name, updatedAt: row.updated_at.toISOString() }));
}
