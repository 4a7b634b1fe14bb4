import type { Logger } from '@pagefree/logger';
import type { Hono, MiddlewareHandler } from 'hono';
import type { StatusEnv } from '../http/app-env.ts';
import type { RateLimiter } from '../http/rate-limit.ts';
import {
  type CredentialCache,
  type CredentialCacheOptions,
  createCredentialCache,
  DEFAULT_CREDENTIAL_CACHE,
  type PartnerAccessAnnouncements,
} from './credential-cache.ts';
import { partnerRoutes } from './partner.routes.ts';
import { partnerAccess } from './partner-access.ts';
import { partnerCookies } from './partner-cookies.ts';
import type { PartnerGateway } from './partner-gateway.ts';
import type { PartnerRateLimiter } from './partner-limits.ts';
import {
  createUsageRecorder,
  DEFAULT_USAGE_RECORDING,
  type UsageRecorder,
  type UsageRecorderOptions,
} from './usage-recorder.ts';

export interface PartnerSiteDeps {
  gateway: PartnerGateway;
  announcements: PartnerAccessAnnouncements;
  partnerLimiter: PartnerRateLimiter;
  /** The public limiter, for the sign-in pages. */
  limiter: RateLimiter;
  logger: Logger;
  /** The site's public base URL; `https://` turns on `__Secure-` cookies. */
  siteUrl: string;
  now?: () => number;
  cache?: Partial<Omit<CredentialCacheOptions, 'now'>>;
  usage?: Partial<Omit<UsageRecorderOptions, 'now'>>;
}

/** Partner access as the status app mounts it: a middleware for every request, and the sign-in routes. */
export interface PartnerSite {
  middleware: MiddlewareHandler<StatusEnv>;
  routes: Hono<StatusEnv>;
  cache: CredentialCache;
  usage: UsageRecorder;
  /** Writes counted use and stops the flush timer. */
  close(): Promise<void>;
}

/** Builds partner access on Web-standard APIs; the Node wiring is in `./node/`. */
export function createPartnerSite(deps: PartnerSiteDeps): PartnerSite {
  const now = deps.now ?? Date.now;
  const cookies = partnerCookies({ https: deps.siteUrl.startsWith('https://') });
  const cache = createCredentialCache(deps.gateway, deps.announcements, {
    ...DEFAULT_CREDENTIAL_CACHE,
    ...deps.cache,
    now,
  });
  const usage = createUsageRecorder(deps.gateway, deps.logger, {
    ...DEFAULT_USAGE_RECORDING,
    ...deps.usage,
    now,
  });

  return {
    middleware: partnerAccess({
      gateway: deps.gateway,
      cache,
      limiter: deps.partnerLimiter,
      usage,
      cookies,
      now,
    }),
    routes: partnerRoutes({
      gateway: deps.gateway,
      cookies,
      limiter: deps.limiter,
      partnerLimiter: deps.partnerLimiter,
      siteUrl: deps.siteUrl,
      now,
    }),
    cache,
    usage,
    close: () => usage.close(),
  };
}
