import type { LoginThrottle } from '@pagefree/core/auth/login-throttle';
import type { Principal } from '@pagefree/core/auth/principal';
import type { EncryptionKeys } from '@pagefree/core/crypto/secret-box';
import type { IncidentEventPublisher } from '@pagefree/core/events/incident-events';
import type { PushChannel } from '@pagefree/core/notifications/channels/index';
import type { PartnerAccessChanges } from '@pagefree/core/partners/access-changes';
import type { PagingQueues } from '@pagefree/core/queues/paging-queues';
import type { Clock } from '@pagefree/core/shared/clock';
import type { StatusApiDeps } from '@pagefree/core/status-pages/deps';
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
  /** Sends test notifications to the caller's browsers; pages go through the worker instead. */
  push: PushChannel;
  /** Counts failed sign-ins per account and address; absent in tests that do not need it. */
  loginThrottle?: LoginThrottle;
  /** Drops live sockets of a session at once on logout. */
  onSessionEnded(sessionId: string): void;
  /** Status page queue, site URL and preview renderer; without it changes wait for the sweeper. */
  status?: StatusApiDeps;
  /** Announces partner revocations to status sites; without it they show within the cache's age. */
  partners?: { accessChanges: PartnerAccessChanges };
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
