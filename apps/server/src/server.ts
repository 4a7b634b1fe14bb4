import type { Server as HttpServer } from 'node:http';
import type { Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { ApiDeps } from '@pagefree/api';
import type { Config } from '@pagefree/config';
import { INCIDENTS_NAMESPACE, RUNBOOKS_NAMESPACE } from '@pagefree/contracts';
import { createLoginThrottle } from '@pagefree/core/auth/login-throttle';
import { createPushChannel } from '@pagefree/core/notifications/channels/index';
import { createRedisPartnerAccessChanges } from '@pagefree/core/partners/access-changes';
import { createPagingQueues } from '@pagefree/core/queues/paging-queues';
import { createAggregatedAudit } from '@pagefree/core/rate-limits/aggregated-audit';
import { openRateLimitRedis } from '@pagefree/core/rate-limits/limiter';
import { createServerRateLimits } from '@pagefree/core/rate-limits/rate-limits';
import { ratePolicies } from '@pagefree/core/rate-limits/tiers';
import { closeRedis, openRedis } from '@pagefree/core/runtime/redis';
import { type Clock, systemClock } from '@pagefree/core/shared/clock';
import { withStatusRecompute } from '@pagefree/core/status-pages/recompute-trigger';
import { createStatusQueue } from '@pagefree/core/status-pages/status-queue';
import type { Db } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import { previewStyleSource, renderPreviewDocument } from '@pagefree/status';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server as SocketServer } from 'socket.io';
import { createServerApp } from './app.ts';
import { isAllowedOrigin } from './http/allowed-origin.ts';
import { createDrainTracker } from './http/drain.ts';
import { limitSocketEvents } from './socket/event-rate-limit.ts';
import { setUpIncidentsNamespace } from './socket/incidents-namespace.ts';
import { setUpRunbooksNamespace } from './socket/runbooks-namespace.ts';
import { createSocketIncidentPublisher } from './socket/socket-incident-publisher.ts';

export interface StartServerOptions {
  config: Config;
  db: Db;
  logger: Logger;
  clock?: Clock;
  /** The built console to serve at `/` (`apps/web/dist`); null or unset serves the API only. */
  webDistDir?: string | null;
  /** HTTPS agent for test pushes; tests pass one that trusts their local push service. */
  pushAgent?: Agent;
}

/** How long a shutdown waits for requests in progress before closing their connections. */
const REQUEST_DRAIN_TIMEOUT_MS = 10_000;

export interface RunningServer {
  port: number;
  url: string;
  io: SocketServer;
  close(): Promise<void>;
}

/**
 * Starts the HTTP server: REST and tRPC routes, and Socket.io with the Redis adapter so
 * events published by any process reach sockets connected to any server.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config, db, logger } = options;
  const clock = options.clock ?? systemClock;

  const producer = openRedis(config.redisUrl, 'producer', logger);
  const pub = openRedis(config.redisUrl, 'pubsub', logger);
  const sub = openRedis(config.redisUrl, 'pubsub', logger);
  const queues = createPagingQueues(producer, config.queuePrefix);
  // Status work gets its own Redis connection, so its commands never queue behind paging's.
  const statusProducer = openRedis(config.redisUrl, 'producer', logger);
  const statusQueue = createStatusQueue(statusProducer, config.queuePrefix);
  const encryptionKeys = config.encryption;
  // Rate limits get a connection of their own that fails fast, so a stalled Redis makes
  // them fall back to memory instead of holding requests.
  const limiterRedis = openRateLimitRedis(config.redisUrl, logger);
  const policies = ratePolicies(config.rateLimits);
  const audit = createAggregatedAudit({ db, logger });
  const limits = createServerRateLimits({
    redis: limiterRedis,
    prefix: config.queuePrefix,
    policies,
    audit,
  });
  const drain = createDrainTracker();

  const io = new SocketServer({
    adapter: createAdapter(pub, sub, { key: `${config.queuePrefix}:socket.io` }),
    serveClient: false,
    cors: { origin: false },
    // Socket handshakes carry the session cookie, so a foreign page must not open one.
    allowRequest: (request, callback) => {
      const origin = request.headers.origin;
      const requestOrigin = request.headers.host ? `http://${request.headers.host}` : null;
      const allowed =
        !origin ||
        isAllowedOrigin(origin, {
          publicUrl: config.publicUrl,
          requestOrigin,
          development: config.env === 'development',
        }) ||
        (requestOrigin !== null && origin === requestOrigin.replace('http://', 'https://'));
      callback(allowed ? null : 'origin not allowed', allowed);
    },
  });
  const events = withStatusRecompute(createSocketIncidentPublisher(io), {
    statusQueue,
    clock,
    logger,
  });
  let endSession: (sessionId: string) => void = () => undefined;

  const api: ApiDeps = {
    db,
    clock,
    events,
    queues,
    logger,
    encryptionKeys,
    publicUrl: config.publicUrl,
    sessionTtlHours: config.sessionTtlHours,
    secureCookies: config.secureCookies,
    vapidPublicKey: config.vapid.publicKey,
    push: createPushChannel({
      vapid: config.vapid,
      allowPrivateNetworkTargets: config.allowPrivateNetworkTargets,
      ...(options.pushAgent && { agent: options.pushAgent }),
    }),
    onSessionEnded: (sessionId) => endSession(sessionId),
    loginThrottle: createLoginThrottle(limiterRedis, config.queuePrefix, { policies, audit }),
    status: {
      queue: statusQueue,
      siteUrl: config.statusPublicUrl,
      renderPreview: renderPreviewDocument,
    },
    partners: {
      accessChanges: createRedisPartnerAccessChanges(statusProducer, config.queuePrefix, logger),
    },
  };
  const app = createServerApp({
    api,
    ingestion: { db, clock, queues, events, logger, encryptionKeys, refusalAudit: audit },
    redis: producer,
    logger,
    maxIngestBodyBytes: config.ingestMaxBodyBytes,
    development: config.env === 'development',
    webDistDir: options.webDistDir ?? null,
    consoleStyleSources: [await previewStyleSource()],
    limits,
    metricsToken: config.metricsToken,
    drain,
    trustedProxies: config.trustedProxies,
  });

  // Without a `createServer` option the adaptor creates a plain node:http server.
  const httpServer = createAdaptorServer({ fetch: app.fetch }) as HttpServer;
  io.attach(httpServer);
  const incidentsNamespace = setUpIncidentsNamespace(io, {
    db,
    clock,
    logger,
    revalidateSeconds: config.sessionRevalidateSeconds,
  });
  const runbooksNamespace = setUpRunbooksNamespace(io, {
    db,
    clock,
    logger,
    revalidateSeconds: config.sessionRevalidateSeconds,
  });
  endSession = (sessionId) => {
    incidentsNamespace.endSession(sessionId);
    runbooksNamespace.endSession(sessionId);
  };
  for (const namespace of [INCIDENTS_NAMESPACE, RUNBOOKS_NAMESPACE]) {
    limitSocketEvents(io.of(namespace), { logger });
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info({ url, vapidFingerprint: config.vapid.fingerprint }, 'Server listening');

  return {
    port,
    url,
    io,
    /**
     * Stops gracefully: `/readyz` turns 503 (and stays so for SHUTDOWN_DRAIN_SECONDS while
     * requests are still served), then the listener stops accepting, sockets are closed so
     * clients reconnect to another server, requests in progress finish (up to
     * REQUEST_DRAIN_TIMEOUT_MS), and only then queues and Redis connections close.
     */
    async close() {
      drain.startDraining();
      if (config.shutdownDrainSeconds > 0) {
        logger.info(
          { seconds: config.shutdownDrainSeconds },
          'Draining: readiness off, still serving',
        );
        await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainSeconds * 1000));
      }
      incidentsNamespace.close();
      runbooksNamespace.close();
      const listenerClosed = new Promise<void>((resolve) => io.close(() => resolve()));
      const unfinished = await drain.idle(REQUEST_DRAIN_TIMEOUT_MS);
      if (unfinished > 0) {
        logger.warn(
          { unfinished },
          'Requests still running after the drain timeout; closing their connections',
        );
      }
      httpServer.closeAllConnections();
      await listenerClosed;
      await audit.close();
      await queues.close();
      await statusQueue.close();
      await Promise.allSettled([
        closeRedis(producer),
        closeRedis(statusProducer),
        closeRedis(pub),
        closeRedis(sub),
        closeRedis(limiterRedis),
      ]);
      logger.info('Server stopped');
    },
  };
}
