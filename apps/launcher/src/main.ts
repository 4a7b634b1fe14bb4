import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from '@pagefree/config';
import { migrateToLatest, openDatabase } from '@pagefree/db';
import { createLogger } from '@pagefree/logger';
import { superviseRunner } from '@pagefree/runbook-runner';
import { startServer } from '@pagefree/server';
import { startStatusSite } from '@pagefree/status';
import { startWorker } from '@pagefree/worker';
import { printBanner } from './banner.ts';
import { DataDirBusyError, lockDataDir } from './data-dir-lock.ts';
import { startLocalRedis } from './local-redis.ts';
import { loadOrCreateLocalSecrets } from './local-secrets.ts';
import { startMailCatcher } from './mail-catcher.ts';
import { DATA_DIR, REPO_ROOT, WEB_DIST_DIR } from './paths.ts';
import {
  findDemoIntegrationKey,
  findDemoStatusPageUrl,
  needsDemoSeed,
  seedDemo,
} from './seed-demo.ts';

// `pnpm start`: PageFree in one process (server and worker) with embedded defaults, so a
// fresh checkout runs with nothing but Node.js and a redis-server binary. Every default
// yields to its environment variable, so the same command also runs against real
// PostgreSQL, Redis and SMTP.

const env: Record<string, string | undefined> = { PAGEFREE_ENV: 'development', ...process.env };
const bootLogger = createLogger({ level: (env.LOG_LEVEL as 'info') ?? 'info', name: 'launcher' });
const cleanups: Array<() => Promise<void> | void> = [];

async function main() {
  const lock = lockDataDir(DATA_DIR, 'start a second time');
  cleanups.push(() => lock.release());
  const secrets = loadOrCreateLocalSecrets(DATA_DIR);
  env.ENCRYPTION_KEY ??= secrets.encryptionKey;
  env.VAPID_PUBLIC_KEY ??= secrets.vapidPublicKey;
  env.VAPID_PRIVATE_KEY ??= secrets.vapidPrivateKey;
  if (!env.DATABASE_URL) env.PGLITE_DATA_DIR ??= `${DATA_DIR}/pgdata`;
  if (!env.REDIS_URL) {
    const redis = await startLocalRedis(DATA_DIR);
    cleanups.push(() => redis.stop());
    env.REDIS_URL = redis.url;
  }
  if (!env.SMTP_URL) {
    const catcher = await startMailCatcher(DATA_DIR, bootLogger);
    cleanups.push(() => catcher.close());
    env.SMTP_URL = catcher.url;
  }
  // Loopback push services and webhooks are fine on a developer's machine.
  env.ALLOW_PRIVATE_NETWORK_TARGETS ??= 'true';

  const config = loadConfig(env);
  const logger = createLogger({ level: config.logLevel, name: 'pagefree' });

  const database = await openDatabase(config.database);
  cleanups.unshift(() => database.close());
  await migrateToLatest(database.db);
  const firstStart = await needsDemoSeed(database.db);

  const webDistDir = existsSync(`${WEB_DIST_DIR}/index.html`) ? WEB_DIST_DIR : null;
  const server = await startServer({ config, db: database.db, logger, webDistDir });
  cleanups.unshift(() => server.close());
  const worker = await startWorker({ config, db: database.db, logger });
  cleanups.unshift(() => worker.close());
  const statusSite = await startStatusSite({ config, db: database.db, logger });
  cleanups.unshift(() => statusSite.close());
  // Runbook scripts run in a child process with no database credentials, restarted
  // whenever it exits, so a script that crashes it cannot take this process down.
  const runner = superviseRunner({
    env: {
      REDIS_URL: config.redisUrl,
      QUEUE_PREFIX: config.queuePrefix,
      LOG_LEVEL: config.logLevel,
    },
    logger,
  });
  cleanups.unshift(() => runner.stop());

  // Seeding waits until every listener is up. If a port is taken, start-up stops before it
  // creates an admin whose generated password would never be printed.
  const seed = firstStart ? await seedDemo(database.db, config) : null;

  printBanner({
    serverUrl: config.publicUrl,
    consoleBuilt: webDistDir !== null,
    databaseKind: database.kind,
    dataDir: DATA_DIR,
    seed,
    integrationKey: seed?.integrationKey ?? (await findDemoIntegrationKey(database.db)),
    demoPayload: `${REPO_ROOT}apps/launcher/demo/alertmanager-firing.json`,
    mailDir: process.env.SMTP_URL ? null : `${DATA_DIR}/mail`,
    statusUrl: await findDemoStatusPageUrl(database.db, config.statusPublicUrl),
  });
}

let stopping = false;

async function shutdown(signal: string) {
  if (stopping) {
    bootLogger.warn({ signal }, 'Second signal; exiting now');
    process.exit(1);
  }
  stopping = true;
  bootLogger.info({ signal }, 'Shutting down');
  // A stuck step (a dependency that no longer responds) must not keep the terminal hostage.
  setTimeout(() => {
    bootLogger.error('Shutdown took longer than 20 s; exiting');
    process.exit(1);
  }, 20_000).unref();
  for (const cleanup of cleanups) {
    try {
      await cleanup();
    } catch (error) {
      bootLogger.warn({ err: error }, 'Cleanup step failed');
    }
  }
  bootLogger.info('PageFree stopped');
  process.exit(0);
}

/** Names the port that was taken and the variable that moves it. */
function portInUseMessage(error: Error): string {
  const port = 'port' in error ? Number(error.port) : null;
  const variables: Array<[string, number]> = [
    ['PORT', Number(env.PORT ?? 3000)],
    ['STATUS_PORT', Number(env.STATUS_PORT ?? 3001)],
    ['WORKER_METRICS_PORT', Number(env.WORKER_METRICS_PORT ?? Number.NaN)],
  ];
  const variable = variables.find(([, value]) => value === port)?.[0];
  if (port === null || !variable) return `A port is already in use (${error.message}).`;
  return `Port ${port} is already in use; stop the other process or set ${variable} to a free port.`;
}

process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

main().catch(async (error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirBusyError) {
    console.error(error.message);
  } else if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
    console.error(portInUseMessage(error));
  } else {
    console.error(error instanceof Error ? error.message : error);
    bootLogger.error({ err: error }, 'Start-up failed');
  }
  for (const cleanup of cleanups) await Promise.resolve(cleanup()).catch(() => undefined);
  process.exit(1);
});
