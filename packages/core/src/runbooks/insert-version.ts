import type { Db, RunbookVersion } from '@pagefree/db';
import type { RunbookContent } from './schemas.ts';

/**
 * Inserts version `version` of a runbook as a DRAFT and moves the runbook's `latest_version`
 * to it. Run it in the transaction that locked the runbook row, so two saves cannot take
 * the same number (the unique (runbook_id, version) constraint would reject the second).
 */
export async function insertDraftVersion(
  trx: Db,
  runbookId: string,
  version: number,
  content: RunbookContent,
  userId: string,
  now: Date,
): Promise<RunbookVersion> {
  const row = await trx
    .insertInto('runbook_version')
    .values({
      runbook_id: runbookId,
      version,
      name: content.name,
      description: content.description,
      script: content.script,
      parameters_schema: JSON.stringify(content.parametersSchema),
      allowed_hosts: content.allowedHosts,
      private_network_hosts: content.privateNetworkHosts,
      secret_names: content.secretNames,
      timeout_seconds: content.timeoutSeconds,
      change_note: content.changeNote,
      created_by: userId,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('runbook')
    .set({ latest_version: version, updated_at: now })
    .where('id', '=', runbookId)
    .execute();
  return row;
}
