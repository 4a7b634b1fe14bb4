import type { Db } from '@pagefree/db';
import type { NamedSecret } from '@pagefree/sandbox/mask-output';
import { decryptSecret, type EncryptionKeys } from '../crypto/secret-box.ts';
import { secretContext } from './set-secret.ts';

/** A secret a version names that is not set, or cannot be decrypted with the configured keys. */
export class SecretUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretUnavailableError';
  }
}

/**
 * Decrypts the secrets a version names, for one run or for masking its output. Throws
 * SecretUnavailableError naming the first secret that is missing or undecryptable; the
 * message never includes a value.
 */
export async function decryptRunSecrets(
  db: Db,
  keys: EncryptionKeys,
  runbookId: string,
  names: string[],
): Promise<NamedSecret[]> {
  if (names.length === 0) return [];
  const rows = await db
    .selectFrom('runbook_secret')
    .select(['name', 'ciphertext', 'key_id'])
    .where('runbook_id', '=', runbookId)
    .where('name', 'in', names)
    .execute();
  const byName = new Map(rows.map((row) => [row.name, row]));

  return names.map((name) => {
    const row = byName.get(name);
    if (!row) {
      throw new SecretUnavailableError(
        `Secret ${name} is not set for this runbook; set it on the runbook's secrets page.`,
      );
    }
    try {
      const value = decryptSecret(
        keys,
        { ciphertext: row.ciphertext, keyId: row.key_id },
        secretContext(runbookId, name),
      );
      return { name, value };
    } catch (error) {
      throw new SecretUnavailableError(
        `Secret ${name} could not be decrypted (${(error as Error).message}); set it again.`,
      );
    }
  });
}
