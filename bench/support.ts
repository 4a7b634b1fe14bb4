// bench/ is not a workspace package, so bare specifiers such as '@pagefree/db' or 'kysely'
// do not resolve from here. Workspace code is imported by relative path, and Kysely through
// the link in packages/db, which resolves to the same module instance that @pagefree/db uses.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { type Config, loadConfig } from '../packages/config/src/index.ts';
import { openRedis, withTimeout } from '../packages/core/src/runtime/redis.ts';
import { sql } from '../packages/db/node_modules/kysely/dist/index.js';
import {
  type DatabaseHandle,
  type Db,
  migrateToLatest,
  openDatabase,
} from '../packages/db/src/index.ts';
import { createSilentLogger } from '../packages/logger/src/index.ts';

/** Admin connection that creates and drops the bench database. Its role needs CREATEDB. */
export const BENCH_ADMIN_DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Connections shared by the server and the worker, which run in one process. */
export const BENCH_POOL_SIZE = 20;

/** Database, configuration and server URL that the scenarios share. */
export interface BenchStack {
  db: Db;
  config: Config;
  serverUrl: string;
}

export interface BenchDatabase {
  handle: DatabaseHandle;
  url: string;
  name: string;
  /** Closes the pool and drops the database, ending any session still connected to it. */
  drop(): Promise<void>;
}

/** Creates `pagefree_bench_<random>` and migrates it to the latest schema. */
export async function createBenchDatabase(poolSize: number): Promise<BenchDatabase> {
  const name = `pagefree_bench_${randomBytes(6).toString('hex')}`;
  try {
    await runAdminStatement(`CREATE DATABASE ${name}`);
  } catch (error) {
    const host = new URL(BENCH_ADMIN_DATABASE_URL).host;
    throw new Error(
      `Creating database ${name} on PostgreSQL at ${host} failed: ${(error as Error).message}. ` +
        'Start PostgreSQL or set BENCH_DATABASE_URL to a role that may create databases.',
      { cause: error },
    );
  }

  const url = new URL(BENCH_ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize });
  try {
    await migrateToLatest(handle.db);
  } catch (error) {
    await handle.close();
    await runAdminStatement(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    throw error;
  }

  return {
    handle,
    url: url.toString(),
    name,
    drop: async () => {
      await handle.close();
      await runAdminStatement(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function runAdminStatement(statement: string): Promise<void> {
  const admin = await openDatabase({
    kind: 'postgres',
    url: BENCH_ADMIN_DATABASE_URL,
    poolSize: 1,
  });
  try {
    await sql.raw(statement).execute(admin.db);
  } finally {
    await admin.close();
  }
}

/**
 * Builds the server and worker configuration: fresh keys and a unique queue prefix. Logs are
 * off unless BENCH_LOG_LEVEL sets a pino level, because logging each request costs time.
 */
export function benchConfig(databaseUrl: string): Config {
  const vapid = generateVapidKeys();
  return loadConfig({
    PAGEFREE_ENV: 'test',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: String(BENCH_POOL_SIZE),
    REDIS_URL: BENCH_REDIS_URL,
    QUEUE_PREFIX: `bench-${randomBytes(6).toString('hex')}`,
    HOST: '127.0.0.1',
    PORT: '0',
    PUBLIC_URL: 'http://127.0.0.1:3000',
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
    VAPID_SUBJECT: 'mailto:oncall@example.com',
    // The push service runs on 127.0.0.1, which the push channel blocks by default.
    ALLOW_PRIVATE_NETWORK_TARGETS: 'true',
  });
}

/**
 * Generates a P-256 VAPID pair in URL-safe base64: the 65-byte uncompressed public point and
 * the 32-byte private scalar. The JWK export keeps all 32 bytes of the scalar, whereas
 * ECDH.getPrivateKey() drops a leading zero byte, which the config check rejects.
 */
function generateVapidKeys(): { publicKey: string; privateKey: string } {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = privateKey.export({ format: 'jwk' });
  const point = Buffer.concat([
    Buffer.from([0x04]),
    Buffer.from(jwk.x!, 'base64url'),
    Buffer.from(jwk.y!, 'base64url'),
  ]);
  return { publicKey: point.toString('base64url'), privateKey: jwk.d! };
}

/** Deletes every Redis key under `prefix:` (BullMQ queues and the Socket.io adapter channel). */
export async function deleteQueueKeys(prefix: string): Promise<void> {
  const redis = openRedis(BENCH_REDIS_URL, 'worker', createSilentLogger());
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Returns the PostgreSQL server version for the results header. */
export async function postgresVersion(handle: DatabaseHandle): Promise<string> {
  const row = await sql<{ server_version: string }>`SHOW server_version`.execute(handle.db);
  return row.rows[0]?.server_version ?? 'unknown';
}

/**
 * Returns the Redis server version, and so checks that Redis is reachable before anything
 * starts. Rejects after 5 seconds, because the client would otherwise reconnect forever.
 */
export async function redisVersion(): Promise<string> {
  const redis = openRedis(BENCH_REDIS_URL, 'worker', createSilentLogger());
  try {
    const info = await withTimeout(
      redis.info('server'),
      5_000,
      `Connecting to Redis at ${new URL(BENCH_REDIS_URL).host} (start it or set BENCH_REDIS_URL)`,
    );
    return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
  } finally {
    redis.disconnect();
  }
}
