import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { ApiDeps } from '@pagefree/api';
import type { Config } from '@pagefree/config';
import { createPagingQueues } from '@pagefree/core/queues/paging-queues';
import { openRedis } from '@pagefree/core/runtime/redis';
import { type Clock, systemClock } from '@pagefree/core/shared/clock';
import type { Db } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server as SocketServer } from 'socket.io';
import { createServerApp } from './app.ts';
import { setUpIncidentsNamespace } from './socket/incidents-namespace.ts';
import { createSocketIncidentPublisher } from './socket/socket-incident-publisher.ts';

export interface StartServerOptions {
  config: Config;
  db: Db;
  logger: Logger;
  clock?: Clock;
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
  const encryptionKeys = config.encryption;

  const io = new SocketServer({
    adapter: createAdapter(pub, sub, { key: `${config.queuePrefix}:socket.io` }),
    serveClient: false,
    cors: { origin: false },
  });
  const events = createSocketIncidentPublisher(io);
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
    onSessionEnded: (sessionId) => endSession(sessionId),
  };
  const app = createServerApp({
    api,
    ingestion: { db, clock, queues, events, logger, encryptionKeys },
    redis: producer,
    logger,
    maxIngestBodyBytes: config.ingestMaxBodyBytes,
  });

  const httpServer = createAdaptorServer({ fetch: app.fetch });
  io.attach(httpServer);
  const incidentsNamespace = setUpIncidentsNamespace(io, {
    db,
    clock,
    logger,
    revalidateSeconds: config.sessionRevalidateSeconds,
  });
  endSession = incidentsNamespace.endSession;

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
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await queues.close();
      await Promise.allSettled([producer.quit(), pub.quit(), sub.quit()]);
    },
  };
}
