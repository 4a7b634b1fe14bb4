import { ConfigError, loadConfig } from '@pagefree/config';
import { countSecretsOnOldKeys, rotateSecrets } from '@pagefree/core/crypto/rotate-secrets';
import { openDatabase } from '@pagefree/db';
import { createLogger } from '@pagefree/logger';

// `pnpm rotate-secrets [--check]`: re-encrypts every stored secret with the current
// ENCRYPTION_KEY and prints how many remain on other keys. With --check it only counts.
// The worker does the same in the background; this runs it to completion at once.
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
if (config.database.kind !== 'postgres') {
  console.error('DATABASE_URL: missing; set it to the database whose secrets to re-encrypt');
  process.exit(1);
}

const logger = createLogger({
  level: config.logLevel,
  name: 'rotate-secrets',
  destination: process.stderr,
});
const database = await openDatabase(config.database);
let exitCode = 0;
try {
  const currentKeyId = config.encryption.current.id;
  if (process.argv.includes('--check')) {
    const counts = await countSecretsOnOldKeys(database.db, currentKeyId);
    for (const [table, remaining] of Object.entries(counts)) {
      console.log(`${table}: ${remaining} on keys other than ${currentKeyId}`);
    }
    exitCode = Object.values(counts).some((count) => count > 0) ? 2 : 0;
  } else {
    const results = await rotateSecrets({ db: database.db, keys: config.encryption, logger });
    for (const result of results) {
      console.log(
        `${result.table}: ${result.reencrypted} re-encrypted, ${result.failed} failed, ${result.remaining} remaining on old keys`,
      );
    }
    if (results.some((result) => result.remaining > 0)) {
      console.log(
        'Some secrets are still on old keys; keep those keys in ENCRYPTION_PREVIOUS_KEYS.',
      );
      exitCode = 2;
    } else {
      console.log(
        `Every stored secret uses key ${currentKeyId}; the previous keys can be removed.`,
      );
    }
  }
} finally {
  await database.close();
}
process.exit(exitCode);
