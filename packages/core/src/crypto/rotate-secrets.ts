import type { Db } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import { sql } from 'kysely';
import { secretContext as signingSecretContext } from '../integrations/signing-secrets.ts';
import { webhookSecretContext } from '../notifications/contact-methods.ts';
import { secretsOnOldKeys } from '../observability/metrics.ts';
import { secretContext as runbookSecretContext } from '../runbooks/set-secret.ts';
import { decryptSecret, type EncryptionKeys, encryptSecret } from './secret-box.ts';

/** A column pair holding an AES-256-GCM ciphertext and the id of the key that made it. */
interface EncryptedColumns {
  table: string;
  ciphertext: string;
  keyId: string;
  /** Columns besides `id` that the encryption context is built from. */
  contextColumns: string[];
  /** The additional authenticated data the value was encrypted with; must match the writer's. */
  context(row: Record<string, string>): string;
}

/**
 * Every stored secret. A new encrypted column must be added here, or rotating the key and
 * then removing the old one makes its values unreadable.
 */
export const ENCRYPTED_COLUMNS: readonly EncryptedColumns[] = [
  {
    table: 'integration_secret',
    ciphertext: 'ciphertext',
    keyId: 'key_id',
    contextColumns: ['integration_id'],
    context: (row) => signingSecretContext(row.integration_id!),
  },
  {
    table: 'contact_method',
    ciphertext: 'secret_ciphertext',
    keyId: 'secret_key_id',
    contextColumns: [],
    context: (row) => webhookSecretContext(row.id!),
  },
  {
    table: 'runbook_secret',
    ciphertext: 'ciphertext',
    keyId: 'key_id',
    contextColumns: ['runbook_id', 'name'],
    context: (row) => runbookSecretContext(row.runbook_id!, row.name!),
  },
  {
    table: 'status_subscriber',
    ciphertext: 'secret_ciphertext',
    keyId: 'secret_key_id',
    contextColumns: [],
    // The same context as `subscribe` in status-pages/subscribers writes.
    context: (row) => `status-subscriber-secret:${row.id}`,
  },
];

export interface TableRotation {
  table: string;
  /** Values re-encrypted with the current key in this pass. */
  reencrypted: number;
  /** Values that could not be decrypted (unknown key id or tampered); logged with their row id. */
  failed: number;
  /** Values still on another key after this pass, failed ones included. */
  remaining: number;
}

export interface RotateSecretsOptions {
  db: Db;
  keys: EncryptionKeys;
  logger: Logger;
  /** Rows read per query. */
  batchSize?: number;
  /** Stops a table after this many rows in one pass, so one pass cannot hold the database long. */
  maxRowsPerTable?: number;
}

/**
 * Re-encrypts stored secrets with the current encryption key, table by table. Each value is
 * decrypted with the key named by its key id (current or ENCRYPTION_PREVIOUS_KEYS). It is
 * written back only if the row still contains the ciphertext that was read, so a concurrent
 * change wins and several workers may run this at once. Readers decrypt with any configured
 * key throughout, so secrets stay readable while it runs.
 *
 * Run it until `remaining` is 0 in every table; only then remove the old key.
 */
export async function rotateSecrets(options: RotateSecretsOptions): Promise<TableRotation[]> {
  const results: TableRotation[] = [];
  for (const columns of ENCRYPTED_COLUMNS) {
    results.push(await rotateTable(options, columns));
  }
  return results;
}

/** Counts stored secrets per table that are not encrypted with the current key. */
export async function countSecretsOnOldKeys(
  db: Db,
  currentKeyId: string,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const columns of ENCRYPTED_COLUMNS) {
    counts[columns.table] = await countOnOldKeys(db, columns, currentKeyId);
  }
  return counts;
}

async function rotateTable(
  options: RotateSecretsOptions,
  columns: EncryptedColumns,
): Promise<TableRotation> {
  const { db, keys, logger } = options;
  const batchSize = options.batchSize ?? 200;
  const maxRows = options.maxRowsPerTable ?? Number.POSITIVE_INFINITY;
  const current = keys.current.id;
  let reencrypted = 0;
  let failed = 0;
  let seen = 0;
  let afterId = '00000000-0000-0000-0000-000000000000';

  while (seen < maxRows) {
    const rows = await loadBatch(db, columns, current, afterId, batchSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      seen += 1;
      afterId = row.id!;
      let plaintext: string;
      try {
        plaintext = decryptSecret(
          keys,
          { ciphertext: row.ciphertext!, keyId: row.key_id! },
          columns.context(row),
        );
      } catch (error) {
        failed += 1;
        logger.error(
          { err: error, table: columns.table, rowId: row.id, keyId: row.key_id },
          'A stored secret could not be decrypted for re-encryption; it stays on its old key',
        );
        continue;
      }
      const encrypted = encryptSecret(keys, plaintext, columns.context(row));
      const updated = await sql`
        UPDATE ${sql.table(columns.table)}
        SET ${sql.ref(columns.ciphertext)} = ${encrypted.ciphertext}, ${sql.ref(columns.keyId)} = ${encrypted.keyId}
        WHERE id = ${row.id} AND ${sql.ref(columns.ciphertext)} = ${row.ciphertext}
      `.execute(db);
      if (Number(updated.numAffectedRows ?? 0) > 0) reencrypted += 1;
    }
  }

  const remaining = await countOnOldKeys(db, columns, current);
  secretsOnOldKeys.set({ table: columns.table }, remaining);
  if (reencrypted > 0 || failed > 0) {
    logger.info(
      { table: columns.table, reencrypted, failed, remaining },
      'Re-encrypted stored secrets',
    );
  }
  return { table: columns.table, reencrypted, failed, remaining };
}

async function loadBatch(
  db: Db,
  columns: EncryptedColumns,
  currentKeyId: string,
  afterId: string,
  limit: number,
): Promise<Record<string, string>[]> {
  const extra = columns.contextColumns.map((column) => sql`, ${sql.ref(column)}`);
  const result = await sql<Record<string, string>>`
    SELECT id::text AS id, ${sql.ref(columns.ciphertext)} AS ciphertext, ${sql.ref(columns.keyId)} AS key_id
      ${sql.join(extra, sql``)}
    FROM ${sql.table(columns.table)}
    WHERE ${sql.ref(columns.keyId)} IS NOT NULL
      AND ${sql.ref(columns.keyId)} <> ${currentKeyId}
      AND id > ${afterId}::uuid
    ORDER BY id
    LIMIT ${limit}
  `.execute(db);
  return result.rows;
}

async function countOnOldKeys(
  db: Db,
  columns: EncryptedColumns,
  currentKeyId: string,
): Promise<number> {
  const result = await sql<{ count: string }>`
    SELECT count(*)::text AS count FROM ${sql.table(columns.table)}
    WHERE ${sql.ref(columns.keyId)} IS NOT NULL AND ${sql.ref(columns.keyId)} <> ${currentKeyId}
  `.execute(db);
  return Number(result.rows[0]?.count ?? 0);
}
