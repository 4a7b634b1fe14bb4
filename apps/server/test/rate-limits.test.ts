import { randomBytes } from 'node:crypto';
import type { AppRouter } from '@pagefree/api';
import { loadAlertFixture } from '@pagefree/testing';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPagingFixture } from './support/paging-fixture.ts';
import { eventually, sessionCookie, startTestStack, type TestStack } from './support/stack.ts';
import { trpcClient } from './support/trpc-client.ts';

// Limits small enough to cross in a test: 10 webhooks a minute per integration key (20 per
// address), rejected with 429 above 100 per key; 4 API requests per user; 3 public requests per address.
const LIMITS = {
  RATE_LIMIT_INGEST_PER_MINUTE: '10',
  RATE_LIMIT_API_PER_MINUTE: '4',
  RATE_LIMIT_PUBLIC_PER_MINUTE: '3',
};

function alertBody(): Record<string, unknown> {
  const body = loadAlertFixture('alertmanager-firing.json') as Record<string, unknown>;
  body.groupKey = `{}:{limits="${randomBytes(6).toString('hex')}"}`;
  return body;
}

async function countAudit(stack: TestStack, action: string): Promise<number> {
  const rows = await stack.db
    .selectFrom('audit_event')
    .select('metadata')
    .where('action', '=', action)
    .execute();
  return rows.reduce((sum, row) => sum + Number(row.metadata.count ?? 1), 0);
}

describe('server rate limits', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ withWorker: false, env: LIMITS });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('webhooks over the soft limit are still stored', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);

    const responses = [];
    for (let index = 0; index < 12; index += 1) {
      responses.push(
        await stack.post(`/integrations/${fixture.integration.key}/alertmanager`, alertBody()),
      );
    }

    expect(responses.map((response) => response.status)).toEqual(Array(12).fill(202));
    expect(responses.at(-1)!.headers.get('ratelimit-remaining')).toBe('0');
    const stored = await stack.db
      .selectFrom('alert')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('integration_id', '=', fixture.integration.id)
      .executeTakeFirstOrThrow();
    expect(Number(stored.count)).toBe(24);
    expect(await countAudit(stack, 'rate_limit.ingest_over_soft_limit')).toBeGreaterThanOrEqual(1);
  });

  it('webhooks above ten times the limit get 429', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const url = `/integrations/${fixture.integration.key}/alertmanager`;

    let last = await stack.post(url, alertBody());
    for (let index = 1; index <= 100; index += 1) last = await stack.post(url, alertBody());

    expect(last.status).toBe(429);
    expect(last.body.error).toBe('rate_limited');
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last.headers.get('ratelimit-limit')).toBe('10');
    expect(last.headers.get('ratelimit-policy')).toBe('10;w=60');
  });

  it('rejections are audited as one counted row', async () => {
    const rows = await stack.db
      .selectFrom('audit_event')
      .select('metadata')
      .where('action', '=', 'rate_limit.rejected')
      .execute();

    expect(rows).toHaveLength(1);
    expect(rows[0]!.metadata.tier).toBe('ingest-key');
  });

  it('flooded key leaves another key accepted', async () => {
    const other = await seedPagingFixture(stack.db, stack.config);

    const response = await stack.post(
      `/integrations/${other.integration.key}/alertmanager`,
      alertBody(),
    );

    expect(response.status).toBe(202);
  });

  it('repeated refusals share one audit row', async () => {
    for (let index = 0; index < 15; index += 1) {
      await stack.post('/integrations/unknown-key-00000000/alertmanager', alertBody());
    }

    const count = await eventually(
      async () => {
        const rows = await stack.db
          .selectFrom('audit_event')
          .select('metadata')
          .where('action', '=', 'ingest.rejected')
          .execute();
        const unknown = rows.filter((row) => row.metadata.reason === 'unknown_integration');
        const total = unknown.reduce((sum, row) => sum + Number(row.metadata.count), 0);
        return unknown.length === 1 && total === 15 ? total : undefined;
      },
      15_000,
      'the refusal count to reach 15 in one row',
    );
    expect(count).toBe(15);
  });

  it('API requests over the per-user limit get TOO_MANY_REQUESTS', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const client = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, fixture.responders[0]!.id),
    });
    for (let index = 0; index < 4; index += 1) await client.incidents.list.query({});

    const error = await client.incidents.list.query({}).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TRPCClientError);
    const data = (error as TRPCClientError<AppRouter>).data;
    expect(data?.code).toBe('TOO_MANY_REQUESTS');
    expect(data?.httpStatus).toBe(429);
  });

  it('another user keeps their own API budget', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const response = await fetch(
      `${stack.server.url}/trpc/incidents.list?input=${encodeURIComponent('{}')}`,
      {
        headers: { cookie: await sessionCookie(stack.db, fixture.responders[1]!.id) },
      },
    );

    expect(response.status).toBe(200);
    expect(response.headers.get('ratelimit-remaining')).toBe('3');
  });

  it('public endpoint over the per-address limit gets 429', async () => {
    const statuses = [];
    for (let index = 0; index < 5; index += 1) {
      statuses.push(
        (await stack.post('/api/push/acknowledge', { ackToken: 'not-a-token' })).status,
      );
    }

    expect(statuses.slice(0, 3).every((status) => status !== 429)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('rate limits without Redis', () => {
  let stack: TestStack;

  beforeAll(async () => {
    // Nothing listens on port 1, so every Redis command fails and limits count in memory.
    stack = await startTestStack({
      withWorker: false,
      env: { ...LIMITS, REDIS_URL: 'redis://127.0.0.1:1' },
    });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('webhooks are still stored', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);

    const response = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      alertBody(),
    );

    expect(response.status).toBe(202);
    expect(response.headers.get('ratelimit-limit')).toBe('10');
  });

  it('limits still apply from memory', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const url = `/integrations/${fixture.integration.key}/alertmanager`;
    // Repeats of one alert: only a new incident waits for the (failing) escalation queue.
    const body = alertBody();

    let last = await stack.post(url, body);
    for (let index = 1; index <= 100; index += 1) last = await stack.post(url, body);

    expect(last.status).toBe(429);
  });
});
