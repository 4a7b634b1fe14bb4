import { randomBytes } from 'node:crypto';
import {
  loadAlertFixture,
  registerTestSecret,
  startWebhookReceiver,
  type WebhookReceiver,
} from '@pagefree/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPagingFixture } from './support/paging-fixture.ts';
import { eventually, sessionCookie, startTestStack, type TestStack } from './support/stack.ts';
import { type StatusStack, startStatusStack } from './support/status-fixture.ts';
import { trpcClient } from './support/trpc-client.ts';

/** Returns the value of the first sample of `name` carrying `labels`, or null when there is none. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    const series = line.slice(0, space);
    if (series.split('{')[0] !== name) continue;
    if (Object.entries(labels).every(([label, value]) => series.includes(`${label}="${value}"`))) {
      return Number(line.slice(space + 1));
    }
  }
  return null;
}

describe('metrics endpoints', () => {
  let stack: TestStack;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    stack = await startTestStack({ env: { WORKER_METRICS_PORT: '0' } });
  });
  afterAll(async () => {
    await stack.close();
    await receiver.close();
  });

  it('scrape after a page shows the paging metrics', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const client = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, fixture.responders[0]!.id),
    });
    await client.notifications.addContactMethod.mutate({ type: 'webhook', address: receiver.url });
    const body = loadAlertFixture('alertmanager-firing.json') as Record<string, unknown>;
    body.groupKey = `{}:{metrics="${randomBytes(4).toString('hex')}"}`;
    const accepted = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      body,
    );
    await receiver.waitForRequest(
      (request) =>
        (request.json as { incident?: { id?: string } })?.incident?.id === accepted.body.incidentId,
      10_000,
    );

    const text = await eventually(async () => {
      const scraped = await (await fetch(`${stack.server.url}/metrics`)).text();
      return sample(scraped, 'pagefree_notification_deliveries_total', {
        channel: 'webhook',
        outcome: 'sent',
      })
        ? scraped
        : undefined;
    });

    expect(
      sample(text, 'pagefree_ingest_requests_total', {
        format: 'alertmanager',
        outcome: 'accepted',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'pagefree_ingest_alerts_total', { format: 'alertmanager' }),
    ).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'pagefree_escalation_lateness_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'pagefree_page_delivery_seconds_count', { channel: 'webhook' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'pagefree_http_requests_total', {
        route: '/integrations/:integrationKey/:format',
      }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('route label never carries the integration key', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    await stack.post(`/integrations/${fixture.integration.key}/alertmanager`, {});

    const text = await (await fetch(`${stack.server.url}/metrics`)).text();

    expect(text).not.toContain(fixture.integration.key);
  });

  it('queue depth is reported per queue', async () => {
    const text = await (await fetch(`${stack.server.url}/metrics`)).text();

    expect(
      sample(text, 'pagefree_queue_jobs', { queue: 'escalation', state: 'waiting' }),
    ).not.toBeNull();
    expect(
      sample(text, 'pagefree_queue_oldest_waiting_seconds', { queue: 'notification' }),
    ).not.toBeNull();
  });

  it('request through a proxy is refused without a token', async () => {
    const response = await fetch(`${stack.server.url}/metrics`, {
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });

    expect(response.status).toBe(403);
  });

  it('worker serves health, readiness and metrics', async () => {
    const base = stack.worker!.opsUrl!;

    const [health, ready, metrics] = await Promise.all(
      ['/healthz', '/readyz', '/metrics'].map((path) => fetch(`${base}${path}`)),
    );

    expect(health!.status).toBe(200);
    expect(await ready!.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', redis: 'ok' },
    });
    expect(await metrics!.text()).toContain('pagefree_queue_jobs');
  });
});

describe('metrics with METRICS_TOKEN', () => {
  const token = randomBytes(24).toString('hex');
  let stack: TestStack;

  beforeAll(async () => {
    registerTestSecret('METRICS_TOKEN', token);
    stack = await startTestStack({ withWorker: false, env: { METRICS_TOKEN: token } });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('scrape without the token is 401', async () => {
    const response = await fetch(`${stack.server.url}/metrics`);

    expect(response.status).toBe(401);
  });

  it('scrape with a wrong token is 401', async () => {
    const response = await fetch(`${stack.server.url}/metrics`, {
      headers: { authorization: 'Bearer wrong-token-value' },
    });

    expect(response.status).toBe(401);
  });

  it('scrape with the token is served', async () => {
    const response = await fetch(`${stack.server.url}/metrics`, {
      headers: { authorization: `Bearer ${token}` },
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
  });
});

describe('status site readiness', () => {
  let stack: StatusStack;

  beforeAll(async () => {
    stack = await startStatusStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  it('reports ready with its data sources', async () => {
    const response = await fetch(`${stack.statusUrl}/readyz`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', redis: 'ok' },
    });
  });
});
