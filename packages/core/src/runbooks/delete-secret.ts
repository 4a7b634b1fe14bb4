import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { requireScope } from '../auth/permissions.ts';
import { actorOf } from '../auth/principal.ts';
import type { Caller, ConfigDeps } from '../shared/caller.ts';
import { NotFoundError } from '../shared/errors.ts';
import { loadRunbookForPrincipal } from './access.ts';
import type { deleteSecretInput } from './schemas.ts';

/** Deletes a runbook secret. Runs of versions that still name it then fail at dispatch. */
export async function deleteRunbookSecret(
  deps: ConfigDeps,
  caller: Caller,
  input: z.output<typeof deleteSecretInput>,
): Promise<void> {
  requireScope(caller.principal, 'config:write');
  const runbook = await loadRunbookForPrincipal(deps.db, caller.principal, input.runbookId, 'edit');
  const actor = actorOf(caller.principal, caller.ip);

  await withTransaction(deps.db, async (trx) => {
    const deleted = await trx
      .deleteFrom('runbook_secret')
      .where('runbook_id', '=', input.runbookId)
      .where('name', '=', input.name)
      .returning('id')
      .executeTakeFirst();
    if (!deleted) throw new NotFoundError('Runbook secret', input.name);
    await recordAuditEvent(trx, actor, {
      action: 'runbook.secret_deleted',
      resourceType: 'runbook',
      resourceId: input.runbookId,
      teamId: runbook.team_id,
      metadata: { secretId: deleted.id, name: input.name },
    });
  });
}
