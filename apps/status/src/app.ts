import type { Logger } from '@pagefree/logger';
import { type Context, Hono } from 'hono';
import { type AccessPolicy, anonymousAccess } from './access/viewer.ts';
import type { StatusDataSource } from './data/status-data-source.ts';
import {
  type SubscriptionGateway,
  SubscriptionUnavailableError,
} from './data/subscription-gateway.ts';
import type { StatusEnv } from './http/app-env.ts';
import type { RateLimiter } from './http/rate-limit.ts';
import { requestContext } from './http/request-context.ts';
import { securityHeaders } from './http/security-headers.ts';
import type { PartnerSite } from './partners/partner-site.ts';
import { h } from './render/h.ts';
import { renderMessagePage } from './render/message-page.ts';
import { apiRoutes } from './routes/api.routes.ts';
import { assetRoutes } from './routes/asset.routes.ts';
import { pageRoutes } from './routes/page.routes.ts';
import { notFoundResponse } from './routes/respond.ts';
import { subscriptionRoutes } from './routes/subscription.routes.ts';

export interface StatusAppDeps {
  /** Published snapshots; the only data the pages are rendered from. */
  data: StatusDataSource;
  subscriptions: SubscriptionGateway;
  limiter: RateLimiter;
  /** Policy that identifies the viewer before the partner middleware runs; anonymous by default. */
  access?: AccessPolicy;
  /** Partner access: its middleware turns requests with a valid partner credential into partner viewers. */
  partners?: PartnerSite;
  logger: Logger;
  /** The site's public base URL, e.g. https://status.example.com. */
  siteUrl: string;
  /** The client's address, from the runtime's connection info; null when unknown. */
  clientAddress?(c: Context): string | null;
  /** Checks of the site's data sources for `/readyz`, by name; without it `/readyz` reports ready. */
  readinessChecks?: Record<string, () => Promise<'ok' | 'unreachable'>>;
}

/**
 * The status site as a Hono app, on Web-standard APIs only (Request, Response, Web Crypto),
 * so it runs on Node through `@hono/node-server` and on edge runtimes. Node-specific parts
 * (Redis, the database) stay behind `StatusDataSource`, `SubscriptionGateway` and
 * `RateLimiter`.
 *
 * Routes, all under the page's slug: `/{slug}`, `/{slug}/history`,
 * `/{slug}/incidents/{id}`, `/{slug}/api/v2/*.json`, `/{slug}/history.atom|rss`, and the
 * subscription forms, and the partner sign-in under `/{slug}/partner/`. A private page
 * returns the same 404 as an unknown slug to everyone but partners granted access to it.
 */
export function createStatusApp(deps: StatusAppDeps) {
  const app = new Hono<StatusEnv>();
  const access = deps.access ?? anonymousAccess;

  app.use('*', requestContext(deps.logger, deps.clientAddress ?? (() => null)));
  app.use('*', ...securityHeaders({ https: deps.siteUrl.startsWith('https://') }));
  app.use('*', async (c, next) => {
    c.set('viewer', await access.resolveViewer(c.req.raw));
    await next();
  });
  if (deps.partners) app.use('*', deps.partners.middleware);
  app.onError(async (error, c) => {
    if (error instanceof SubscriptionUnavailableError) {
      return unavailable(c, error.message);
    }
    c.get('logger').error({ err: error }, 'Status site request failed');
    return unavailable(c, 'The status page could not be loaded; try again in a moment.');
  });
  app.notFound((c) => notFoundResponse(c));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const names = Object.keys(deps.readinessChecks ?? {});
    const results = await Promise.all(names.map((name) => deps.readinessChecks![name]!()));
    const checks = Object.fromEntries(names.map((name, index) => [name, results[index]]));
    // Pages render from Redis, or from the database while Redis is down, so one is enough.
    const reachable = results.filter((result) => result === 'ok').length;
    const ready = names.length === 0 || reachable > 0;
    let status = 'ready';
    if (!ready) status = 'not_ready';
    else if (reachable < names.length) status = 'degraded';
    return c.json({ status, checks }, ready ? 200 : 503);
  });
  app.route('/', assetRoutes());
  app.route('/', apiRoutes(deps));
  app.route('/', subscriptionRoutes(deps));
  if (deps.partners) app.route('/', deps.partners.routes);
  app.route('/', pageRoutes(deps));
  return app;
}

async function unavailable(c: Context<StatusEnv>, text: string): Promise<Response> {
  const html = await renderMessagePage({
    snapshot: null,
    title: 'Temporarily unavailable',
    body: h('p', null, text),
  });
  return c.html(html, 503, { 'retry-after': '5', 'cache-control': 'no-store' });
}
