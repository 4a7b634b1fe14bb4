import { httpRequestDuration, httpRequests } from '@pagefree/core/observability/metrics';
import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import type { AppEnv } from './app-env.ts';

/**
 * Counts requests and their durations by method and matched route pattern (for example
 * `/integrations/:integrationKey/:format`), never by concrete path, so integration keys stay
 * out of the metrics and the number of series stays bounded. Requests that matched no route
 * are labelled `unmatched`.
 */
export function httpMetrics() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const pattern = routePath(c, -1);
      const route = pattern === '*' || pattern === '/*' ? 'unmatched' : pattern;
      const labels = { method: c.req.method, route };
      httpRequests.inc({ ...labels, status: String(c.res.status) });
      httpRequestDuration.observe(labels, (performance.now() - started) / 1000);
    }
  });
}
