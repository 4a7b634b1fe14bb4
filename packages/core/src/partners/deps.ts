import type { Db } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import type { Clock } from '../shared/clock.ts';
import type { PartnerAccessChanges } from './access-changes.ts';

export type { Caller } from '../shared/caller.ts';

/** Dependencies of the partner admin operations. */
export interface PartnerAdminDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Announces revocations to status site processes after each committed change. */
  accessChanges: PartnerAccessChanges;
  /** Base URL of the status site, for sign-in URLs; null when STATUS_PUBLIC_URL is unset. */
  statusSiteUrl: string | null;
}
