import type { Db } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import type { IncidentEventPublisher } from '../events/incident-events.ts';
import type { PagingQueues } from '../queues/paging-queues.ts';
import type { Clock } from '../shared/clock.ts';

export interface IncidentDeps {
  db: Db;
  clock: Clock;
  events: IncidentEventPublisher;
}

/** Dependencies of changes that page someone (reassign) and so queue deliveries. */
export interface PagingDeps extends IncidentDeps {
  queues: PagingQueues;
  logger: Logger;
}

export type { Caller } from '../shared/caller.ts';
