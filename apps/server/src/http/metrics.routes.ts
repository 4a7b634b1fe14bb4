import { metricsRegistry } from '@pagefree/core/observability/metrics';
import { checkMetricsAccess } from '@pagefree/core/observability/metrics-access';
import { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';

/**
 * Serves `GET /metrics` in the Prometheus text format. With METRICS_TOKEN set, it answers
 * requests that send the token as a bearer token. Without it, it answers direct loopback
 * clients only (see `checkMetricsAccess`). In the single-process `pnpm start` this includes
 * the worker's and status site's metrics, which share the registry.
 */
export function metricsRoutes(options: { token: string | null }) {
  const app = new Hono<AppEnv>();

  app.get('/metrics', async (c) => {
    const access = checkMetricsAccess(options.token, {
      authorization: c.req.header('authorization') ?? null,
      remoteAddress: c.get('ip'),
      proxied: Boolean(c.req.header('forwarded') || c.req.header('x-forwarded-for')),
    });
    if (!access.allowed) {
      return c.json(
        { status: 'error', error: 'forbidden', message: access.message },
        access.status,
      );
    }
    const body = await metricsRegistry.metrics();
    return c.body(body, 200, {
      'content-type': metricsRegistry.contentType,
      'cache-control': 'no-store',
    });
  });

  return app;
}
