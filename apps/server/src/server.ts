import type { Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { ApiDeps } from '@pagefree/api';
import type { Config } from '@pagefree/config';
import { createLoginThrottle } from '@pagefree/core/auth/login-throttle';
import { createPushChannel } from '@pagefree/core/notifications/channels/index';
import { createPagingQueues } from '@pagefree/core/queues/paging-queues';
import { closeRedis, openRedis } from '@pagefree/core/runtime/redis';
import { type Clock, systemClock } from '@pagefree/core/shared/clock';
import { withStatusRecompute } from '@pagefree/core/status-pages/recompute-trigger';
import { createStatusQueue } from '@pagefree/core/status-pages/status-queue';
import type { Db } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import { renderPreviewDocument } from '@pagefree/status';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server as SocketServer } from 'socket.io';
import { createServerApp } from './app.ts';
import { isAllowedOrigin } from './http/allowed-origin.ts';
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
        isAllowedOrigin(origin, { publicUrl: config.publicUrl, requestOrigin, development: config.env === 'development' }) ||
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
    loginThrottle: createLoginThrottle(producer, config.queuePrefix),
    status: {
      queue: statusQueue,
      siteUrl: config.statusPublicUrl,
      renderPreview: renderPreviewDocument,
    },
  };
  const app = createServerApp({
    api,
    ingestion: { db, clock, queues, events, logger, encryptionKeys },
    redis: producer,
    logger,
    maxIngestBodyBytes: config.ingestMaxBodyBytes,
    development: config.env === 'development',
    webDistDir: options.webDistDir ?? null,
  });

  const httpServer = createAdaptorServer({ fetch: app.fetch });
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
    async close() {
      incidentsNamespace.close();
      runbooksNamespace.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await queues.close();
      await statusQueue.close();
      await Promise.allSettled([closeRedis(producer), closeRedis(statusProducer), closeRedis(pub), closeRedis(sub)]);
    },
  };
}
