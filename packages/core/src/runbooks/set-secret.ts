import { withTransaction } from '@pagefree/db';
import { sql } from 'kysely';
import type { z } from 'zod';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { requireScope } from '../auth/permissions.ts';
import { actorOf } from '../auth/principal.ts';
import { type EncryptionKeys, encryptSecret } from '../crypto/secret-box.ts';
import type { Caller, ConfigDeps } from '../shared/caller.ts';
import { loadRunbookForPrincipal } from './access.ts';
import type { RunbookSecretView } from './list-secrets.ts';
import type { setSecretInput } from './schemas.ts';

export interface RunbookSecretDeps extends ConfigDeps {
  encryptionKeys: EncryptionKeys;
}

/** Returns the encryption context of a secret, so a ciphertext copied to another row fails to decrypt. */
export function secretContext(runbookId: string, name: string): string {
  return `runbook-secret:${runbookId}:${name}`;
}

/**
 * Creates or replaces a runbook secret, encrypted under the current key. The value is never
 * returned by any API afterwards, and audit events record only its name.
 */
export async function setRunbookSecret(
  deps: RunbookSecretDeps,
  caller: Caller,
  input: z.output<typeof setSecretInput>,
): Promise<RunbookSecretView> {
  requireScope(caller.principal, 'config:write');
  const runbook = await loadRunbookForPrincipal(deps.db, caller.principal, input.runbookId, 'edit');
  const encrypted = encryptSecret(
    deps.encryptionKeys,
    input.value,
    secretContext(input.runbookId, input.name),
  );
  const actor = actorOf(caller.principal, caller.ip);
  const now = deps.clock.now();

  return withTransaction(deps.db, async (trx) => {
    const row = await trx
      .insertInto('runbook_secret')
      .values({
        runbook_id: input.runbookId,
        name: input.name,
        ciphertext: encrypted.ciphertext,
        key_id: encrypted.keyId,
        created_by: caller.principal.userId,
        created_at: now,
        updated_at: now,
      })
      .onConflict((conflict) =>
        conflict.columns(['runbook_id', 'name']).doUpdateSet({
          ciphertext: encrypted.ciphertext,
          key_id: encrypted.keyId,
          updated_at: now,
        }),
      )
      .returning(['id', 'updated_at', sql<boolean>`xmax = 0`.as('inserted')])
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, actor, {
      action: row.inserted ? 'runbook.secret_created' : 'runbook.secret_replaced',
      resourceType: 'runbook',
      resourceId: input.runbookId,
      teamId: runbook.team_id,
      metadata: { secretId: row.id, name: input.name, keyId: encrypted.keyId },
    });
    return { name: input.name, updatedAt: row.updated_at.toISOString() };
  });
}
