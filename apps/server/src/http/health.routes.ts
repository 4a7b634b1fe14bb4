import { withTimeout } from '@pagefree/core/runtime/redis';
import type { Db } from '@pagefree/db';
import { Hono } from 'hono';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import type { AppEnv } from './app-env.ts';

/**
 * `/healthz`: the process is alive. `/readyz`: the database answers (Redis is reported), and
 * the server is not shutting down (`isDraining`), so load balancers stop routing to it first.
 */
export function healthRoutes(deps: { db: Db; redis: Redis; isDraining?: () => boolean }) {
  const app = new Hono<AppEnv>();

  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  app.get('/readyz', async (c) => {
    if (deps.isDraining?.()) {
      return c.json({ status: 'stopping', checks: {} }, 503);
    }
    const [database, redis] = await Promise.all([
      withTimeout(sql`select 1`.execute(deps.db), 2_000, 'Database check').then(
        () => 'ok',
        () => 'unreachable',
      ),
      withTimeout(deps.redis.ping(), 2_000, 'Redis check').then(
        () => 'ok',
        () => 'unreachable',
      ),
    ]);
    // Ingestion keeps storing alerts without Redis (the sweeper queues their pages once it
    // returns), so only the database decides readiness; a Redis outage reports degraded.
    const ready = database === 'ok';
    const status = !ready ? 'not_ready' : redis === 'ok' ? 'ready' : 'degraded';
    return c.json({ status, checks: { database, redis } }, ready ? 200 : 503);
  });

  return app;
}
