import { randomBytes } from 'node:crypto';
import { loadAlertFixture, type SimpleResponse, sendRequest } from '@pagefree/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPartnerFixture } from '../partner-fixture.ts';
import { type PagingFixture, seedPagingFixture } from '../support/paging-fixture.ts';
import { sessionCookie } from '../support/stack.ts';
import {
  type StatusStack,
  signedInClient,
  startStatusStack,
  waitForSummary,
} from '../support/status-fixture.ts';

// Loopback is all of 127.0.0.0/8 on Linux, so a client bound to 127.0.0.2 is a different
// address to the server than one bound to 127.0.0.3.
const FLOODER = '127.0.0.2';
const OTHER = '127.0.0.3';

// Limits lowered so a flood crosses them in a few hundred requests: 20 webhooks a minute per
// integration key (429 above 200), 30 API requests per user and 30 anonymous requests per
// address. The status site allows 100 page and 100 JSON requests per address, and 50
// requests per partner access token.
const ENV = {
  RATE_LIMIT_INGEST_PER_MINUTE: '20',
  RATE_LIMIT_API_PER_MINUTE: '30',
  RATE_LIMIT_PUBLIC_PER_MINUTE: '30',
};

// A flood from one address, or from one user or integration key, is refused by its own
// limit, while other clients keep their whole budget and are served. Assertions are on
// status codes and budgets, not on timings; `bench/flood.ts` measures the latencies.
describe('flood from one client', () => {
  let stack: StatusStack;
  let fixture: PagingFixture;
  const slug = `flood-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    stack = await startStatusStack({
      env: ENV,
      rateLimits: {
        page: { points: 100, windowSeconds: 60 },
        api: { points: 100, windowSeconds: 60 },
        subscribe: { points: 20, windowSeconds: 3600 },
      },
      partnerRateLimits: {
        credential: { points: 50, windowSeconds: 60 },
        address: { points: 1000, windowSeconds: 60 },
        'sign-in': { points: 20, windowSeconds: 3600 },
      },
    });
    fixture = await seedPagingFixture(stack.db, stack.config);
    const admin = await signedInClient(stack, fixture.admin.id);
    const page = await admin.statusPages.create.mutate({
      teamId: fixture.teamId,
      slug,
      name: 'Flood',
    });
    await admin.statusPages.components.create.mutate({
      pageId: page.id,
      name: 'API',
      serviceIds: [fixture.serviceId],
    });
    await waitForSummary(
      stack.statusUrl,
      slug,
      (summary) => summary.components.length === 1,
      'published page',
    );
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** Sends `count` requests one after another and returns the last response. */
  async function repeat(
    count: number,
    send: () => Promise<SimpleResponse>,
  ): Promise<SimpleResponse> {
    let last = await send();
    for (let index = 1; index < count; index += 1) last = await send();
    return last;
  }

  describe('status site', () => {
    it('page flood from one address is refused', async () => {
      const last = await repeat(101, () =>
        sendRequest({ url: `${stack.statusUrl}/${slug}`, localAddress: FLOODER }),
      );

      expect(last.status).toBe(429);
      expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('another visitor keeps the whole page budget', async () => {
      const response = await sendRequest({
        url: `${stack.statusUrl}/${slug}`,
        localAddress: OTHER,
      });

      expect(response.status).toBe(200);
      expect(response.headers['ratelimit-remaining']).toBe('99');
    });

    it('another visitor reads the JSON API', async () => {
      const response = await sendRequest({
        url: `${stack.statusUrl}/${slug}/api/v2/summary.json`,
        localAddress: OTHER,
      });

      expect(response.status).toBe(200);
    });
  });

  describe('internal API', () => {
    it('anonymous flood from one address is refused', async () => {
      const last = await repeat(31, () =>
        sendRequest({ url: `${stack.server.url}/trpc/auth.session`, localAddress: FLOODER }),
      );

      expect(last.status).toBe(429);
    });

    it('signed-in user at another address is served', async () => {
      const cookie = await sessionCookie(stack.db, fixture.responders[0]!.id);

      const response = await sendRequest({
        url: `${stack.server.url}/trpc/incidents.list?input=${encodeURIComponent('{}')}`,
        headers: { cookie },
        localAddress: OTHER,
      });

      expect(response.status).toBe(200);
      expect(response.headers['ratelimit-remaining']).toBe('29');
    });

    it('one user’s flood leaves another user served', async () => {
      const flooding = await sessionCookie(stack.db, fixture.responders[1]!.id);
      const other = await sessionCookie(stack.db, fixture.observer.id);
      const list = (cookie: string) =>
        sendRequest({
          url: `${stack.server.url}/trpc/incidents.list?input=${encodeURIComponent('{}')}`,
          headers: { cookie },
          localAddress: OTHER,
        });

      const flooded = await repeat(31, () => list(flooding));
      const served = await list(other);

      expect(flooded.status).toBe(429);
      expect(served.status).toBe(200);
    });
  });

  describe('partner tokens', () => {
    it('one partner’s token flood leaves another partner served', async () => {
      const flooding = await seedPartnerFixture(stack);
      const other = await seedPartnerFixture(stack);
      const read = (fixture: typeof flooding, localAddress: string) =>
        sendRequest({
          url: `${stack.statusUrl}/${fixture.page.slug}/api/v2/summary.json`,
          headers: { authorization: `Bearer ${fixture.token}` },
          localAddress,
        });

      const flooded = await repeat(51, () => read(flooding, FLOODER));
      const served = await read(other, OTHER);

      expect(flooded.status).toBe(429);
      expect(served.status).toBe(200);
      // Only the fixture's own reads, while it waited for the page to publish, used the budget.
      expect(Number(served.headers['ratelimit-remaining'])).toBeGreaterThanOrEqual(40);
    });

    it('a partner flood leaves public visitors served', async () => {
      const response = await sendRequest({
        url: `${stack.statusUrl}/${slug}/api/v2/status.json`,
        localAddress: FLOODER,
      });

      expect(response.status).toBe(200);
    });
  });

  describe('ingestion', () => {
    const body = () => {
      const alert = loadAlertFixture('alertmanager-firing.json') as Record<string, unknown>;
      alert.groupKey = `{}:{flood="${randomBytes(4).toString('hex')}"}`;
      return JSON.stringify(alert);
    };
    const post = (key: string, payload: string, localAddress: string) =>
      sendRequest({
        url: `${stack.server.url}/integrations/${key}/alertmanager`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: payload,
        localAddress,
      });
    const floodStatuses: number[] = [];

    beforeAll(async () => {
      // One incident's repeats: a flood of duplicates, the common shape of an alert storm.
      const payload = body();
      for (let index = 0; index < 201; index += 1) {
        floodStatuses.push((await post(fixture.integration.key, payload, FLOODER)).status);
      }
    });

    it('flooding key is refused above ten times its limit', () => {
      expect(floodStatuses.at(-1)).toBe(429);
    });

    it('flooding key’s webhooks below that were all stored', async () => {
      const accepted = floodStatuses.filter((status) => status === 202).length;
      const stored = await stack.db
        .selectFrom('alert')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('integration_id', '=', fixture.integration.id)
        .executeTakeFirstOrThrow();

      expect(accepted).toBe(200);
      expect(Number(stored.count)).toBe(accepted * 2);
    });

    it('another integration at another address keeps its whole budget', async () => {
      const other = await seedPagingFixture(stack.db, stack.config);

      const response = await post(other.integration.key, body(), OTHER);

      expect(response.status).toBe(202);
      expect(response.headers['ratelimit-remaining']).toBe('19');
    });
  });
});
