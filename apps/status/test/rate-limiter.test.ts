import { randomBytes } from 'node:crypto';
import { TEST_REDIS_URL } from '@pagefree/testing';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisRateLimiter } from '../src/node/redis-rate-limiter.ts';

const policies = {
  page: { points: 3, windowSeconds: 60 },
  api: { points: 2, windowSeconds: 60 },
  subscribe: { points: 1, windowSeconds: 3600 },
};

describe('Redis rate limiter', () => {
  const redis = new Redis(TEST_REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  // Port 1 on loopback has no listener, so every command fails as when Redis is down.
  const down = new Redis('redis://127.0.0.1:1', {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    lazyConnect: true,
  });
  down.on('error', () => undefined);
  const prefix = `test-${randomBytes(6).toString('hex')}`;

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    down.disconnect();
  });

  it('limits each tier on its own budget', async () => {
    const limiter = createRedisRateLimiter(redis, prefix, policies);
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));

    const api = [];
    for (let index = 0; index < 3; index += 1)
      api.push(await limiter.consume('api', '203.0.113.5'));
    const page = await limiter.consume('page', '203.0.113.5');
    const otherClient = await limiter.consume('api', '203.0.113.6');

    expect(api.map((decision) => decision.allowed)).toEqual([true, true, false]);
    expect(api[1]).toMatchObject({ limit: 2, remaining: 0, windowSeconds: 60 });
    expect(api[2]!.resetSeconds).toBeGreaterThan(0);
    expect(page).toMatchObject({ allowed: true, remaining: 2 });
    expect(otherClient.allowed).toBe(true);
    expect(await redis.keys(`${prefix}:status:rate:api:*`)).toHaveLength(2);
  });

  it('memory insurance limits while Redis is down', async () => {
    const limiter = createRedisRateLimiter(down, `${prefix}-down`, policies);

    const first = await limiter.consume('subscribe', '203.0.113.9');
    const second = await limiter.consume('subscribe', '203.0.113.9');

    expect(first.allowed).toBe(true);
    expect(second.allowed).toBe(false);
  });
});
