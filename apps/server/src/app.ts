import type { ApiDeps } from '@pagefree/api';
import { createAckTokenSigner } from '@pagefree/core/incidents/ack-token';
import type { ReceiveWebhookDeps } from '@pagefree/core/ingestion/receive-webhook';
import type { Logger } from '@pagefree/logger';
import { Hono } from 'hono';
import type { Redis } from 'ioredis';
import type { AppEnv } from './http/app-env.ts';
import { handleHttpError } from './http/error-handler.ts';
import { healthRoutes } from './http/health.routes.ts';
import { ingestionRoutes } from './http/ingestion.routes.ts';
import { pushAckRoutes } from './http/push-ack.routes.ts';
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
  app.route('/trpc', trpcRoutes(deps.api, { development: deps.development ?? false }));
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
    app.route('/', webConsoleRoutes({ distDir: deps.webDistDir, publicUrl: deps.api.publicUrl }));
  }
  return app;
}
