import { randomBytes, randomUUID } from 'node:crypto';
import type { Agent } from 'node:https';
import { type Config, loadConfig } from '@pagefree/config';
import type { Principal } from '@pagefree/core/auth/principal';
import { createSession } from '@pagefree/core/auth/sessions';
import type { Clock } from '@pagefree/core/shared/clock';
import type { Db } from '@pagefree/db';
import { createLogger, type Logger } from '@pagefree/logger';
import {
  CAPTURED_LOG_LEVEL,
  captureLogDestination,
  createTestDatabase,
  registerTestSecret,
  TEST_REDIS_URL,
  type TestDatabase,
} from '@pagefree/testing';
import { type RunningWorker, startWorker } from '@pagefree/worker';
import { Redis } from 'ioredis';
import webpush from 'web-push';
import { type RunningServer, startServer } from '../../src/server.ts';

export interface TestStack {
  config: Config;
  db: Db;
  server: RunningServer;
  worker: RunningWorker | null;
  logger: Logger;
  /** Posts JSON to the server and returns status and parsed body. */
  post(
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers }>;
  startWorker(): Promise<RunningWorker>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface TestStackOptions {
  smtpUrl?: string;
  pushAgent?: Agent;
  withWorker?: boolean;
  clock?: Clock;
  env?: Record<string, string>;
  /** A built console to serve at `/`, for browser tests. */
  webDistDir?: string;
}

/** Builds a test configuration: a unique queue prefix, fresh keys, loopback targets allowed. */
export function testConfig(databaseUrl: string, overrides: Record<string, string> = {}): Config {
  const vapid = webpush.generateVAPIDKeys();
  const encryptionKey = randomBytes(32).toString('base64');
  registerTestSecret('ENCRYPTION_KEY', overrides.ENCRYPTION_KEY ?? encryptionKey);
  registerTestSecret('VAPID_PRIVATE_KEY', overrides.VAPID_PRIVATE_KEY ?? vapid.privateKey);
  return loadConfig({
    PAGEFREE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: `test-${randomBytes(6).toString('hex')}`,
    HOST: '127.0.0.1',
    PORT: '0',
    PUBLIC_URL: 'http://127.0.0.1:3000',
    ENCRYPTION_KEY: encryptionKey,
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
    VAPID_SUBJECT: 'mailto:oncall@example.com',
    ALLOW_PRIVATE_NETWORK_TARGETS: 'true',
    ESCALATION_SWEEP_SECONDS: '300',
    ...overrides,
  });
}

/** Starts a server (and by default a worker) on a fresh database and unique queues. */
export async function startTestStack(
  options: TestStackOptions = {},
): Promise<TestStack & { database: TestDatabase }> {
  const database = await createTestDatabase();
  const config = testConfig(database.url, {
    ...(options.smtpUrl && { SMTP_URL: options.smtpUrl }),
    ...options.env,
  });
  // Logs go to the run's capture file at info level, where the final scan looks for secrets.
  const logger = createLogger({
    level: CAPTURED_LOG_LEVEL,
    name: 'test',
    destination: captureLogDestination(),
  });
  const server = await startServer({
    config,
    db: database.db,
    logger,
    ...(options.clock && { clock: options.clock }),
    ...(options.pushAgent && { pushAgent: options.pushAgent }),
    ...(options.webDistDir && { webDistDir: options.webDistDir }),
  });

  let worker: RunningWorker | null = null;
  const stack = {
    config,
    db: database.db,
    database,
    server,
    logger,
    get worker() {
      return worker;
    },
    async post(path: string, body: unknown, headers: Record<string, string> = {}) {
      const response = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Non-JSON bodies stay as text.
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
    async startWorker() {
      worker = await startWorker({
        config,
        db: database.db,
        logger,
        ...(options.clock && { clock: options.clock }),
        ...(options.pushAgent && { pushAgent: options.pushAgent }),
      });
      return worker;
    },
    async stopWorker() {
      await worker?.close();
      worker = null;
    },
    async close() {
      await worker?.close();
      await server.close();
      await deleteQueueKeys(config.queuePrefix);
      await database.drop();
    },
  };
  if (options.withWorker !== false) {
    await stack.startWorker();
  }
  return stack;
}

/** Removes every Redis key a test's queues and socket adapter created. */
export async function deleteQueueKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Opens a session for a user and returns the Cookie header value for it. */
export async function sessionCookie(db: Db, userId: string): Promise<string> {
  const session = await createSession(db, {
    userId,
    ttlHours: 1,
    now: new Date(),
    ip: null,
    userAgent: 'test',
  });
  registerTestSecret('session token', session.token);
  return `pf_session=${session.token}`;
}

export function sessionPrincipal(
  userId: string,
  platformRole: Principal['platformRole'] = 'USER',
): Principal {
  return { userId, platformRole, via: { kind: 'session', sessionId: randomUUID() } };
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
