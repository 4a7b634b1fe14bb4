import type { Db } from '@pagefree/db';
import type { Clock } from '../shared/clock.ts';
import type { PageSnapshot } from './snapshot-types.ts';
import type { StatusQueue, StatusWorkDeps } from './status-queue.ts';

/** Dependencies of the status page admin operations. */
export interface StatusAdminDeps extends StatusWorkDeps {
  db: Db;
  clock: Clock;
  /** Base URL of the status site, without a trailing slash, e.g. https://status.example.com. */
  statusSiteUrl: string;
}

export type { Caller } from '../shared/caller.ts';

/** Status page dependencies of the API, wired by the server. */
export interface StatusApiDeps {
  /** Producer for the `status` queue; null leaves the work to the status sweeper. */
  queue: StatusQueue | null;
  /** Base URL of the status site; null when STATUS_PUBLIC_URL is unset in production. */
  siteUrl: string | null;
  /** Renders a snapshot as a self-contained HTML document, as the status site shows it. */
  renderPreview: ((snapshot: PageSnapshot) => Promise<string>) | null;
}
