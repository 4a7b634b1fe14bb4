import type { ApiDeps } from '@pagefree/api';
import { createAckTokenSigner } from '@pagefree/core/incidents/ack-token';
import type { ReceiveWebhookDeps } from '@pagefree/core/ingestion/receive-webhook';
import type { ServerRateLimits } from '@pagefree/core/rate-limits/rate-limits';
import { createClientAddressResolver } from '@pagefree/core/runtime/client-address';
import type { Logger } from '@pagefree/logger';
import { Hono } from 'hono';
import type { Redis } from 'ioredis';
import type { AppEnv } from './http/app-env.ts';
import type { DrainTracker } from './http/drain.ts';
import { handleHttpError } from './http/error-handler.ts';
import { healthRoutes } from './http/health.routes.ts';
import { httpMetrics } from './http/http-metrics.ts';
import { ingestionRoutes } from './http/ingestion.routes.ts';
import { metricsRoutes } from './http/metrics.routes.ts';
import { pushAckRoutes } from './http/push-ack.routes.ts';
import { publicRateLimit } from './http/rate-limit.ts';
import { requestContext } from './http/request-context.ts';
import { trpcRoutes } from './http/trpc.routes.ts';
import { webConsoleRoutes } from './http/web-console.routes.ts';

export interface ServerAppDeps {
  api: ApiDeps;
  ingestion: ReceiveWebhookDeps;
  redis: Redis;
  logger: Logger;
  maxIngestBodyBytes: number;
  /** Development mode also accepts loopback origins, for the console's dev server. */
  development?: boolean;
  /** The built console (`apps/web/dist`) to serve at `/`; without it only the API is served. */
  webDistDir?: string | null;
  /** CSP sources added to the console's `style-src`, such as the status preview's stylesheet hash. */
  consoleStyleSources?: string[];
  /** Rate limits per tier; without them (some tests) nothing is limited. */
  limits?: ServerRateLimits;
  /** METRICS_TOKEN, or null to serve `/metrics` to loopback clients only. */
  metricsToken?: string | null;
  /** Requests in progress and the shutdown state, for graceful shutdown. */
  drain?: DrainTracker;
  /** TRUSTED_PROXIES; without it X-Forwarded-For is ignored. */
  trustedProxies?: string[];
}

/** The server's HTTP routes as a Hono app; `startServer` adds the listener and Socket.io. */
export function createServerApp(deps: ServerAppDeps) {
  const app = new Hono<AppEnv>();
  if (deps.drain) app.use('*', deps.drain.middleware());
  app.use('*', requestContext(deps.logger, createClientAddressResolver(deps.trustedProxies ?? [])));
  app.use('*', httpMetrics());
  app.onError(handleHttpError);
  app.notFound((c) => {
    // An ingestion URL contains its integration key, a credential, so it is never echoed back.
    const path = c.req.path;
    if (path.startsWith('/integrations/') || path === '/v2/enqueue') {
      if (c.req.method !== 'POST') {
        c.header('Allow', 'POST');
        const message = `Alerts are sent with POST, not ${c.req.method}; point the monitoring tool's webhook at this URL.`;
        return c.json({ status: 'error', error: 'method_not_allowed', message }, 405);
      }
      const message =
        'Ingestion URLs have the form /integrations/{integrationKey}/{format}; copy the URL from the integration page.';
      return c.json({ status: 'error', error: 'not_found', message }, 404);
    }
    const message = `No route for ${c.req.method} ${path}.`;
    return c.json({ status: 'error', error: 'not_found', message }, 404);
  });

  const drain = deps.drain;
  app.route(
    '/',
    healthRoutes({
      db: deps.api.db,
      redis: deps.redis,
      ...(drain && { isDraining: () => drain.draining }),
    }),
  );
  app.route('/', metricsRoutes({ token: deps.metricsToken ?? null }));
  app.route(
    '/',
    ingestionRoutes(deps.ingestion, {
      maxBodyBytes: deps.maxIngestBodyBytes,
      ...(deps.limits && { limits: deps.limits }),
    }),
  );
  app.route(
    '/trpc',
    trpcRoutes(deps.api, {
      development: deps.development ?? false,
      ...(deps.limits && { limits: deps.limits }),
    }),
  );
  if (deps.limits) app.use('/api/*', publicRateLimit(deps.limits));
  app.route(
    '/',
    pushAckRoutes({
      db: deps.api.db,
      clock: deps.api.clock,
      events: deps.api.events,
      ackTokens: createAckTokenSigner(deps.api.encryptionKeys.current.key),
    }),
  );
  if (deps.webDistDir) {
    app.route(
      '/',
      webConsoleRoutes({
        distDir: deps.webDistDir,
        publicUrl: deps.api.publicUrl,
        styleSources: deps.consoleStyleSources ?? [],
      }),
    );
  }
  return app;
}
