import { Hono } from 'hono';
import { buildV2Document, V2_DOCUMENTS } from '../api/statuspage-v2.ts';
import type { StatusDataSource } from '../data/status-data-source.ts';
import { buildIncidentFeed } from '../feeds/incident-feed.ts';
import type { StatusEnv } from '../http/app-env.ts';
import { type RateLimiter, rateLimit } from '../http/rate-limit.ts';
import { jsonNotFound, notFoundResponse, respondRendered, visiblePage } from './respond.ts';
import { tooManyRequestsJson } from './too-many-requests.ts';

/**
 * Machine-readable views of a page under its slug: the Statuspage v2 JSON API at
 * `/{slug}/api/v2/*.json` and the incident feeds at `/{slug}/history.atom` and
 * `/{slug}/history.rss` (optionally `?component=<id>`). Public pages allow cross-origin
 * reads, as Statuspage does, so widgets on other sites can show the status.
 */
export function apiRoutes(deps: { data: StatusDataSource; limiter: RateLimiter }) {
  const app = new Hono<StatusEnv>();
  const limited = rateLimit(deps.limiter, 'api', tooManyRequestsJson);

  for (const document of V2_DOCUMENTS) {
    app.get(`/:slug/api/v2/${document}.json`, limited, async (c) => {
      const page = await visiblePage(c, deps.data, c.req.param('slug'));
      if (!page) return jsonNotFound(c);
      const cors: Record<string, string> =
        page.snapshot.page.visibility === 'public' ? { 'access-control-allow-origin': '*' } : {};
      return respondRendered(
        c,
        page,
        `v2:${document}`,
        'application/json; charset=utf-8',
        () => JSON.stringify(buildV2Document(page.snapshot, document)),
        cors,
      );
    });
  }

  for (const format of ['atom', 'rss'] as const) {
    app.get(`/:slug/history.${format}`, limited, async (c) => {
      const page = await visiblePage(c, deps.data, c.req.param('slug'));
      if (!page) return notFoundResponse(c);
      const componentId = c.req.query('component') ?? null;
      if (
        componentId &&
        !page.snapshot.components.some((component) => component.id === componentId)
      ) {
        return notFoundResponse(c);
      }
      return respondRendered(
        c,
        page,
        `feed:${format}:${componentId ?? 'all'}`,
        format === 'atom'
          ? 'application/atom+xml; charset=utf-8'
          : 'application/rss+xml; charset=utf-8',
        () => buildIncidentFeed(page.snapshot, format, componentId),
      );
    });
  }

  return app;
}
