import { Hono } from 'hono';
import type { StatusDataSource } from '../data/status-data-source.ts';
import type { StatusEnv } from '../http/app-env.ts';
import { type RateLimiter, rateLimit } from '../http/rate-limit.ts';
import { renderHistoryPage } from '../render/history-page.ts';
import { renderIncidentPage } from '../render/incident-page.ts';
import { renderIncidentNotFoundPage } from '../render/message-page.ts';
import { renderStatusPage } from '../render/status-page.ts';
import { notFoundResponse, respondRendered, visiblePage } from './respond.ts';
import { tooManyRequestsPage } from './too-many-requests.ts';

const HTML = 'text/html; charset=utf-8';

/** Serves the human-readable pages: current status, incident history, one incident. */
export function pageRoutes(deps: { data: StatusDataSource; limiter: RateLimiter }) {
  const app = new Hono<StatusEnv>();
  const limited = rateLimit(deps.limiter, 'page', tooManyRequestsPage);

  app.get('/:slug', limited, async (c) => {
    const page = await visiblePage(c, deps.data, c.req.param('slug'));
    if (!page) return notFoundResponse(c);
    c.set('frameAncestors', page.snapshot.page.frameAncestors);
    return respondRendered(c, page, 'page', HTML, () => renderStatusPage(page.snapshot));
  });

  app.get('/:slug/history', limited, async (c) => {
    const page = await visiblePage(c, deps.data, c.req.param('slug'));
    if (!page) return notFoundResponse(c);
    c.set('frameAncestors', page.snapshot.page.frameAncestors);
    return respondRendered(c, page, 'history', HTML, () => renderHistoryPage(page.snapshot));
  });

  app.get('/:slug/incidents/:incidentId', limited, async (c) => {
    const page = await visiblePage(c, deps.data, c.req.param('slug'));
    const incidentId = c.req.param('incidentId');
    const incident = page?.snapshot.incidents.find((entry) => entry.id === incidentId);
    if (!page) return notFoundResponse(c);
    c.set('frameAncestors', page.snapshot.page.frameAncestors);
    if (!incident) {
      return c.html(await renderIncidentNotFoundPage(page.snapshot), 404, {
        'cache-control': 'no-cache',
      });
    }
    return respondRendered(c, page, `incident:${incident.id}`, HTML, () =>
      renderIncidentPage(page.snapshot, incident),
    );
  });

  return app;
}
