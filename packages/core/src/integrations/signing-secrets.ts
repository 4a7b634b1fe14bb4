import type { Db } from '@pagefree/db';
import { decryptSecret, type EncryptionKeys, encryptSecret } from '../crypto/secret-box.ts';
import { generateToken } from '../crypto/tokens.ts';

/** Encryption context of an integration's signing secrets. */
export function secretContext(integrationId: string): string {
  return `integration-secret:${integrationId}`;
}

/** Creates and stores a new signing secret; returns the plaintext, shown to the admin once. */
export async function addSigningSecret(
  trx: Db,
  keys: EncryptionKeys,
  integrationId: string,
): Promise<string> {
  const secret = generateToken('pfsig');
  const encrypted = encryptSecret(keys, secret, secretContext(integrationId));
  await trx
    .insertInto('integration_secret')
    .values({
      integration_id: integrationId,
      ciphertext: encrypted.ciphertext,
      key_id: encrypted.keyId,
    })
    .execute();
  return secret;
}

/** Signing secrets that still verify at `now`: the current one and any in their overlap. */
export async function loadValidSigningSecrets(
  db: Db,
  keys: EncryptionKeys,
  integrationId: string,
  now: Date,
): Promise<string[]> {
  const rows = await db
    .selectFrom('integration_secret')
    .select(['ciphertext', 'key_id'])
    .where('integration_id', '=', integrationId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((row) =>
    decryptSecret(
      keys,
      { ciphertext: row.ciphertext, keyId: row.key_id },
      secretContext(integrationId),
    ),
  );
}
