import type { Db } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import { rotateSecrets, type TableRotation } from './rotate-secrets.ts';
import type { EncryptionKeys } from './secret-box.ts';

export interface SecretRotationJob {
  /** One pass now; returns null when no previous key is configured. */
  runOnce(): Promise<TableRotation[] | null>;
  close(): Promise<void>;
}

/** Rows per table re-encrypted in one background pass, to keep each pass short. */
const ROWS_PER_PASS = 1_000;

/**
 * Re-encrypts stored secrets with the current key in the background while
 * ENCRYPTION_PREVIOUS_KEYS is set: a first pass shortly after start, then one every
 * `intervalMs`. Without previous keys nothing can be on an old key that is still readable,
 * so the job does nothing.
 */
export function startSecretRotation(options: {
  db: Db;
  keys: EncryptionKeys;
  logger: Logger;
  intervalMs?: number;
  firstPassDelayMs?: number;
}): SecretRotationJob {
  const logger = options.logger.child({ job: 'rotate-secrets' });
  let running: Promise<TableRotation[] | null> | null = null;

  const pass = async (): Promise<TableRotation[] | null> => {
    if (options.keys.previous.length === 0) return null;
    try {
      return await rotateSecrets({
        db: options.db,
        keys: options.keys,
        logger,
        maxRowsPerTable: ROWS_PER_PASS,
      });
    } catch (error) {
      logger.warn({ err: error }, 'Re-encrypting stored secrets failed; retrying at the next pass');
      return null;
    }
  };
  const runOnce = () => {
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  };

  const first = setTimeout(() => void runOnce(), options.firstPassDelayMs ?? 5_000);
  const timer = setInterval(() => void runOnce(), options.intervalMs ?? 10 * 60_000);
  first.unref();
  timer.unref();

  return {
    runOnce,
    async close() {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
