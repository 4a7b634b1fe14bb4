import type { Agent } from 'node:https';
import type { Config } from '@pagefree/config';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '@pagefree/db';
import { createLogger, type Logger } from '@pagefree/logger';
import { CAPTURED_LOG_LEVEL, captureLogDestination } from '@pagefree/testing';
import { type RunningWorker, startWorker } from '@pagefree/worker';
import { sql } from 'kysely';
import { type RunningServer, startServer } from '../../../src/server.ts';
import { testConfig } from '../../support/stack.ts';
import {
  type OwnPostgres,
  type OwnRedis,
  startOwnPostgres,
  startOwnRedis,
} from './own-services.ts';

/** Server and worker on a PostgreSQL cluster and a Redis of their own, which the test may restart. */
export interface FaultStack {
  pg: OwnPostgres;
  redis: OwnRedis;
  config: Config;
  database: DatabaseHandle;
  logger: Logger;
  server: RunningServer;
  worker: RunningWorker | null;
  startWorker(): Promise<RunningWorker>;
  close(): Promise<void>;
}

export interface FaultStackOptions {
  env?: Record<string, string>;
  withWorker?: boolean;
  pushAgent?: Agent;
}

/**
 * Starts a private PostgreSQL and Redis (see own-services.ts), migrates a `pagefree`
 * database, and runs a server (and by default a worker) against them. The sweepers run
 * every second, so work lost in a fault is rebuilt quickly.
 */
export async function startFaultStack(options: FaultStackOptions = {}): Promise<FaultStack> {
  const pg = await startOwnPostgres();
  const redis = await startOwnRedis();
  const cleanup = async () => {
    await redis.destroy();
    await pg.destroy();
  };
  try {
    const admin = await openDatabase({ kind: 'postgres', url: pg.adminUrl, poolSize: 1 });
    await sql.raw('CREATE DATABASE pagefree').execute(admin.db);
    await admin.close();

    const config = testConfig(pg.databaseUrl('pagefree'), {
      REDIS_URL: redis.url,
      ESCALATION_SWEEP_SECONDS: '1',
      STATUS_SWEEP_SECONDS: '5',
      DATABASE_POOL_SIZE: '20',
      ...options.env,
    });
    const database = await openDatabase(config.database);
    await migrateToLatest(database.db);
    const logger = createLogger({
      level: CAPTURED_LOG_LEVEL,
      name: 'faults',
      destination: captureLogDestination(),
    });
    const server = await startServer({
      config,
      db: database.db,
      logger,
      ...(options.pushAgent && { pushAgent: options.pushAgent }),
    });

    let worker: RunningWorker | null = null;
    const stack: FaultStack = {
      pg,
      redis,
      config,
      database,
      logger,
      server,
      get worker() {
        return worker;
      },
      async startWorker() {
        worker = await startWorker({
          config,
          db: database.db,
          logger,
          ...(options.pushAgent && { pushAgent: options.pushAgent }),
        });
        return worker;
      },
      async close() {
        await worker?.close();
        await server.close();
        await database.close();
        await cleanup();
      },
    };
    if (options.withWorker !== false) await stack.startWorker();
    return stack;
  } catch (error) {
    await cleanup();
    throw error;
  }
}
