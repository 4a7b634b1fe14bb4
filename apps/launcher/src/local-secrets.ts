import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import webpush from 'web-push';

interface LocalSecrets {
  encryptionKey: string;
  vapidPublicKey: string;
  vapidPrivateKey: string;
}

/**
 * Loads the development keys from `<dataDir>/secrets.json`, generating them on first start
 * (readable by the owner only). They exist so `pnpm start` needs no setup; production
 * refuses to start without keys set in the environment.
 */
export function loadOrCreateLocalSecrets(dataDir: string): LocalSecrets {
  const file = `${dataDir}/secrets.json`;
  if (existsSync(file)) {
    return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const vapid = webpush.generateVAPIDKeys();
  const secrets: LocalSecrets = {
    encryptionKey: randomBytes(32).toString('base64'),
    vapidPublicKey: vapid.publicKey,
    vapidPrivateKey: vapid.privateKey,
  };
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}
