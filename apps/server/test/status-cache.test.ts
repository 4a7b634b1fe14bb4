import { loadAlertFixture } from '@pagefree/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PagingFixture, seedPagingFixture } from './support/paging-fixture.ts';
import {
  fetchText,
  type StatusStack,
  signedInClient,
  startStatusStack,
  waitForSummary,
} from './support/status-fixture.ts';

/** Polls the page over HTTP until `flipped` returns true or 1 s passes; returns the elapsed ms. */
async function millisecondsUntil(url: string, flipped: (html: string) => boolean): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < 1_000) {
    const page = await fetchText(url);
    if (flipped(page.body)) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Number.POSITIVE_INFINITY;
}

describe('cached status page', () => {
  let stack: StatusStack;
  let fixture: PagingFixture;
  let client: Awaited<ReturnType<typeof signedInClient>>;
  let pageId: string;
  const slug = `cache-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    stack = await startStatusStack();
    fixture = await seedPagingFixture(stack.db, stack.config);
    client = await signedInClient(stack, fixture.admin.id);
    pageId = (
      await client.statusPages.create.mutate({ teamId: fixture.teamId, slug, name: 'Acme Cloud' })
    ).id;
    await client.statusPages.components.create.mutate({
      pageId,
      name: 'Payments',
      serviceIds: [fixture.serviceId],
    });
    await waitForSummary(stack.statusUrl, slug, (s) => s.components.length === 1, 'component');
  });
  afterAll(async () => {
    await stack.close();
  });

  it('resolve is visible within 1 second', async () => {
    const opened = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      loadAlertFixture('alertmanager-firing.json'),
    );
    await waitForSummary(stack.statusUrl, slug, (s) => s.status.indicator === 'critical', 'outage');
    const pageUrl = `${stack.statusUrl}/${slug}`;
    // Warm the cache: the same version is served from memory, with a stable ETag.
    const first = await fetchText(pageUrl);
    const second = await fetchText(pageUrl);
    expect(first.body).toContain('Major System Outage');
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));

    await client.incidents.resolve.mutate({ incidentId: opened.body.incidentId });
    const elapsed = await millisecondsUntil(pageUrl, (html) =>
      html.includes('All Systems Operational'),
    );

    expect(elapsed).toBeLessThan(1_000);
  });

  it('status update is visible within 1 second', async () => {
    const pageUrl = `${stack.statusUrl}/${slug}`;
    await fetchText(pageUrl);

    await client.statusPages.incidents.create.mutate({
      pageId,
      title: 'Elevated latency',
      body: 'Checkout is slower than usual.',
    });
    const elapsed = await millisecondsUntil(pageUrl, (html) => html.includes('Elevated latency'));

    expect(elapsed).toBeLessThan(1_000);
  });

  it('unchanged page answers 304 to its ETag', async () => {
    const pageUrl = `${stack.statusUrl}/${slug}`;
    const page = await fetchText(pageUrl);

    const revalidated = await fetchText(pageUrl, {
      headers: { 'if-none-match': page.headers.get('etag')! },
    });

    expect(page.headers.get('cache-control')).toBe('public, no-cache');
    expect(revalidated.status).toBe(304);
    expect(revalidated.body).toBe('');
  });

  it('page says when it was last updated', async () => {
    const summary = await waitForSummary(stack.statusUrl, slug, () => true, 'summary');
    const page = await fetchText(`${stack.statusUrl}/${slug}`);

    expect(page.body).toContain(`Last updated <time datetime="${summary.page.updated_at}"`);
  });
});
