import type { ApiDeps } from '@pagefree/api';
import type { ReceiveWebhookDeps } from '@pagefree/core/ingestion/receive-webhook';
import type { Logger } from '@pagefree/logger';
import { Hono } from 'hono';
import type { Redis } from 'ioredis';
import type { AppEnv } from './http/app-env.ts';
import { handleHttpError } from './http/error-handler.ts';
import { healthRoutes } from './http/health.routes.ts';
import { ingestionRoutes } from './http/ingestion.routes.ts';
import { requestContext } from './http/request-context.ts';
import { trpcRoutes } from './http/trpc.routes.ts';

export interface ServerAppDeps {
  api: ApiDeps;
  ingestion: ReceiveWebhookDeps;
  redis: Redis;
  logger: Logger;
  maxIngestBodyBytes: number;
}

/** The server's HTTP routes as a Hono app; `startServer` adds the listener and Socket.io. */
export function createServerApp(deps: ServerAppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', requestContext(deps.logger));
  app.onError(handleHttpError);
  app.notFound((c) =>
    c.json(
      {
        status: 'error',
        error: 'not_found',
        message: `No route for ${c.req.method} ${c.req.path}.`,
      },
      404,
    ),
  );

  app.route('/', healthRoutes({ db: deps.api.db, redis: deps.redis }));
  app.route('/', ingestionRoutes(deps.ingestion, { maxBodyBytes: deps.maxIngestBodyBytes }));
  app.route('/trpc', trpcRoutes(deps.api));
  return app;
}
