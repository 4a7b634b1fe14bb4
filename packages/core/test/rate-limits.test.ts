import { randomBytes } from 'node:crypto';
import { createSilentLogger } from '@pagefree/logger';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '@pagefree/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAggregatedAudit } from '../src/rate-limits/aggregated-audit.ts';
import { rateLimitHeaders, tightestDecision } from '../src/rate-limits/headers.ts';
import { createKeyedGate, GateFullError } from '../src/rate-limits/keyed-gate.ts';
import { createTierLimiter, openRateLimitRedis } from '../src/rate-limits/limiter.ts';
import { createServerRateLimits } from '../src/rate-limits/rate-limits.ts';
import { DEFAULT_RATE_LIMITS } from '../src/rate-limits/tiers.ts';

const logger = createSilentLogger();
const prefix = () => `test-rl-${randomBytes(4).toString('hex')}`;

/** Opens the limiter connection and waits until it is ready; before that, limits count in memory. */
async function readyRedis(): Promise<Redis> {
  const redis = openRateLimitRedis(TEST_REDIS_URL, logger);
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  return redis;
}

describe('tier limiter', () => {
  let redis: Redis;

  beforeAll(async () => {
    redis = await readyRedis();
  });
  afterAll(() => {
    redis.disconnect();
  });

  it('refuses the request over the budget', async () => {
    const limiter = createTierLimiter(redis, prefix(), 'api-user', {
      points: 3,
      windowSeconds: 60,
    });

    const decisions = [];
    for (let index = 0; index < 4; index += 1) decisions.push(await limiter.consume('user-1'));

    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, false]);
    expect(decisions.map((decision) => decision.remaining)).toEqual([2, 1, 0, 0]);
  });

  it('shares one count between processes', async () => {
    const shared = prefix();
    const first = createTierLimiter(redis, shared, 'public-address', {
      points: 2,
      windowSeconds: 60,
    });
    const second = createTierLimiter(redis, shared, 'public-address', {
      points: 2,
      windowSeconds: 60,
    });

    await first.consume('10.0.0.1');
    await second.consume('10.0.0.1');
    const third = await first.consume('10.0.0.1');

    expect(third.allowed).toBe(false);
  });

  it('keys count separately', async () => {
    const limiter = createTierLimiter(redis, prefix(), 'public-address', {
      points: 1,
      windowSeconds: 60,
    });

    await limiter.consume('10.0.0.1');
    const other = await limiter.consume('10.0.0.2');

    expect(other.allowed).toBe(true);
  });

  it('falls back to memory while Redis is unreachable', async () => {
    // Port 1 on loopback has no listener, so every command fails at once.
    const unreachable = openRateLimitRedis('redis://127.0.0.1:1', logger);
    try {
      const limiter = createTierLimiter(unreachable, prefix(), 'ingest-key', {
        points: 2,
        windowSeconds: 60,
      });

      const decisions = [];
      for (let index = 0; index < 3; index += 1) decisions.push(await limiter.consume('key'));

      expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, false]);
    } finally {
      unreachable.disconnect();
    }
  });

  it('reset forgets a key', async () => {
    const limiter = createTierLimiter(redis, prefix(), 'login-account', {
      points: 1,
      windowSeconds: 60,
    });
    await limiter.consume('person@example.com');

    await limiter.reset('person@example.com');

    expect((await limiter.consume('person@example.com')).allowed).toBe(true);
  });
});

describe('rate limit headers', () => {
  const decision = {
    allowed: true,
    limit: 100,
    consumed: 40,
    remaining: 60,
    resetSeconds: 12,
    windowSeconds: 60,
  };

  it('names the draft fields', () => {
    expect(rateLimitHeaders(decision)).toEqual({
      'RateLimit-Limit': '100',
      'RateLimit-Remaining': '60',
      'RateLimit-Reset': '12',
      'RateLimit-Policy': '100;w=60',
    });
  });

  it('adds Retry-After when refused', () => {
    expect(rateLimitHeaders({ ...decision, allowed: false })['Retry-After']).toBe('12');
  });

  it('tightest decision is the refused one', () => {
    const refused = { ...decision, allowed: false, remaining: 0 };

    expect(tightestDecision([decision, refused])).toBe(refused);
  });

  it('tightest decision has the smallest remaining share', () => {
    const nearlySpent = { ...decision, limit: 10, remaining: 1 };

    expect(tightestDecision([decision, nearlySpent])).toBe(nearlySpent);
  });
});

describe('keyed gate', () => {
  it('runs at most the concurrency per key', async () => {
    const gate = createKeyedGate({ concurrency: 2, maxWaiting: 10 });
    let running = 0;
    let peak = 0;
    const task = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 10));
      running -= 1;
    };

    await Promise.all(Array.from({ length: 6 }, () => gate.run('key', task)));

    expect(peak).toBe(2);
  });

  it('other keys do not wait', async () => {
    const gate = createKeyedGate({ concurrency: 1, maxWaiting: 10 });
    let release: () => void = () => undefined;
    const blocked = gate.run('busy', () => new Promise<void>((resolve) => (release = resolve)));

    const other = await gate.run('quiet', async () => 'ran');

    release();
    await blocked;
    expect(other).toBe('ran');
  });

  it('full queue is refused', async () => {
    const gate = createKeyedGate({ concurrency: 1, maxWaiting: 1 });
    let release: () => void = () => undefined;
    const first = gate.run('key', () => new Promise<void>((resolve) => (release = resolve)));
    const second = gate.run('key', async () => undefined);

    await expect(gate.run('key', async () => undefined)).rejects.toBeInstanceOf(GateFullError);
    release();
    await Promise.all([first, second]);
  });

  it('a failing task frees its slot', async () => {
    const gate = createKeyedGate({ concurrency: 1, maxWaiting: 1 });

    await expect(gate.run('key', async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );

    expect(gate.load('key')).toEqual({ running: 0, waiting: 0 });
  });
});

describe('aggregated audit', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(2);
  });
  afterAll(async () => {
    await database.drop();
  });

  const event = (subject: string) => ({
    action: 'rate_limit.rejected',
    resourceType: 'rate_limit',
    actor: { type: 'anonymous' as const, id: null, ip: '192.0.2.7' },
    subject,
    metadata: { tier: 'public-address', subject },
  });

  async function rows(subject: string) {
    return database.db
      .selectFrom('audit_event')
      .select('metadata')
      .where('action', '=', 'rate_limit.rejected')
      .where(({ eb, ref }) => eb(ref('metadata', '->>').key('subject' as never), '=', subject))
      .execute();
  }

  it('writes one row with the count per subject and window', async () => {
    const audit = createAggregatedAudit({ db: database.db, logger, flushIntervalMs: 60_000 });

    await Promise.all(Array.from({ length: 250 }, () => audit.record(event('flood-a'))));
    await audit.close();

    const stored = await rows('flood-a');
    expect(stored).toHaveLength(1);
    expect(stored[0]!.metadata.count).toBe(250);
  });

  it('first occurrence is written at once', async () => {
    const audit = createAggregatedAudit({ db: database.db, logger, flushIntervalMs: 60_000 });

    await audit.record(event('single'));

    expect((await rows('single'))[0]?.metadata.count).toBe(1);
    await audit.close();
  });

  it('new window starts a new row', async () => {
    let now = Date.UTC(2026, 11, 6, 12, 0, 5);
    const audit = createAggregatedAudit({
      db: database.db,
      logger,
      flushIntervalMs: 60_000,
      now: () => now,
    });

    await audit.record(event('windows'));
    now += 60_000;
    await audit.record(event('windows'));
    await audit.close();

    expect(await rows('windows')).toHaveLength(2);
  });
});

describe('server rate limits', () => {
  let redis: Redis;
  let database: TestDatabase;

  beforeAll(async () => {
    redis = await readyRedis();
    database = await createTestDatabase(2);
  });
  afterAll(async () => {
    redis.disconnect();
    await database.drop();
  });

  function limits() {
    return createServerRateLimits({
      redis,
      prefix: prefix(),
      policies: {
        ...DEFAULT_RATE_LIMITS,
        'ingest-key': { points: 2, windowSeconds: 60 },
        'ingest-address': { points: 100, windowSeconds: 60 },
      },
      audit: createAggregatedAudit({ db: database.db, logger }),
    });
  }

  it('ingestion over the soft limit is admitted with limited concurrency', async () => {
    const server = limits();

    const checks = [];
    for (let index = 0; index < 3; index += 1) {
      checks.push(await server.checkIngest('key-abcdefgh', '192.0.2.1'));
    }

    expect(checks.map((check) => check.over)).toEqual(['none', 'none', 'soft']);
    expect(checks[2]!.decision.remaining).toBe(0);
  });

  it('ingestion over ten times the limit is refused', async () => {
    const server = limits();

    let last = await server.checkIngest('key-ijklmnop', '192.0.2.2');
    for (let index = 1; index <= 20; index += 1)
      last = await server.checkIngest('key-ijklmnop', '192.0.2.2');

    expect(last.over).toBe('hard');
    expect(last.decision.allowed).toBe(false);
  });

  it('integration key is not stored in the audit', async () => {
    const server = limits();

    for (let index = 0; index <= 21; index += 1)
      await server.checkIngest('key-qrstuvwx', '192.0.2.3');

    const audited = await database.db.selectFrom('audit_event').select('metadata').execute();
    expect(JSON.stringify(audited)).not.toContain('key-qrstuvwx');
  });
});
