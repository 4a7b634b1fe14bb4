import type { Config } from '@pagefree/config';
import type { Db } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import type { EncryptionKeys } from '../crypto/secret-box.ts';
import type { Clock } from '../shared/clock.ts';
import type { RunbookEventPublisher } from './runbook-events.ts';
import type { RunnerQueue } from './runner-queue.ts';

/** Dependencies of the worker's runbook steps: dispatch, reports, rules, reconciliation. */
export interface RunbookWorkerDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  encryptionKeys: EncryptionKeys;
  queue: RunnerQueue;
  events: RunbookEventPublisher;
  settings: Config['runbooks'];
}
