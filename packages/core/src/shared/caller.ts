import type { Db } from '@pagefree/db';
import type { Principal } from '../auth/principal.ts';
import type { Clock } from './clock.ts';

/** The authenticated caller of a service operation, with the request's client address. */
export interface Caller {
  principal: Principal;
  ip: string | null;
}

/** Dependencies of configuration services (teams, services, policies, schedules). */
export interface ConfigDeps {
  db: Db;
  clock: Clock;
}
