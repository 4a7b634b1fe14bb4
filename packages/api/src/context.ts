import type { Principal } from '@pagefree/core/auth/principal';
import type { EncryptionKeys } from '@pagefree/core/crypto/secret-box';
import type { IncidentEventPublisher } from '@pagefree/core/events/incident-events';
import type { PagingQueues } from '@pagefree/core/queues/paging-queues';
import type { Clock } from '@pagefree/core/shared/clock';
import type { Db } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';

/** Long-lived dependencies the API's procedures pass to services. */
export interface ApiDeps {
  db: Db;
  clock: Clock;
  events: IncidentEventPublisher;
  queues: PagingQueues;
  logger: Logger;
  encryptionKeys: EncryptionKeys;
  publicUrl: string;
  sessionTtlHours: number;
  secureCookies: boolean;
  vapidPublicKey: string;
  /** Drops live sockets of a session at once on logout. */
  onSessionEnded(sessionId: string): void;
}

/** Per-request context: the authenticated principal (or null) and response cookies. */
export interface ApiContext {
  deps: ApiDeps;
  principal: Principal | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string;
  logger: Logger;
  /** Appends a Set-Cookie header to the response. */
  setCookie(value: string): void;
}
