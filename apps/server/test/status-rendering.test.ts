import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PagingFixture, seedPagingFixture } from './support/paging-fixture.ts';
import { eventually } from './support/stack.ts';
import {
  fetchText,
  type StatusStack,
  signedInClient,
  startStatusStack,
} from './support/status-fixture.ts';

const XSS = '<img src=x onerror=alert(1)>';

describe('status page rendering', () => {
  let stack: StatusStack;
  let fixture: PagingFixture;
  let client: Awaited<ReturnType<typeof signedInClient>>;
  let now = new Date('2019-02-25T20:00:00Z');
  const slug = `nz-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    // Services and the worker share this clock, so the incident and the published
    // snapshot carry the chosen instant.
    stack = await startStatusStack({ clock: { now: () => now } });
    fixture = await seedPagingFixture(stack.db, stack.config);
    client = await signedInClient(stack, fixture.admin.id);
    const page = await client.statusPages.create.mutate({
      teamId: fixture.teamId,
      slug,
      name: 'Kiwi Payments',
      timeZone: 'Pacific/Auckland',
    });
    await client.statusPages.incidents.create.mutate({
      pageId: page.id,
      title: 'Card terminals offline',
      body: `Terminals cannot connect. Reported text: ${XSS} and [a link](javascript:alert(1)).`,
      status: 'resolved',
    });
    now = new Date('2019-02-25T21:00:00Z');
    await eventually(async () => {
      const response = await fetch(`${stack.statusUrl}/${slug}/api/v2/incidents.json`);
      return response.ok && (await response.json()).incidents.length === 1 ? true : undefined;
    });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('incident at 20:00 UTC is listed under 26 February in Auckland', async () => {
    const page = await fetchText(`${stack.statusUrl}/${slug}`);
    const history = await fetchText(`${stack.statusUrl}/${slug}/history`);
    const incidents = await fetchText(`${stack.statusUrl}/${slug}/api/v2/incidents.json`);

    const dayThenIncident = /26 February 2019<\/time><\/h3>.*?Card terminals offline/s;
    expect(page.body).toMatch(dayThenIncident);
    expect(page.body).not.toMatch(/25 February 2019<\/time><\/h3><article/);
    expect(history.body).toMatch(dayThenIncident);
    expect(JSON.parse(incidents.body).incidents[0].created_at).toBe('2019-02-25T20:00:00.000Z');
    expect(page.body).toContain('26 Feb 2019, 09:00 GMT+13');
  });

  it('update with an img tag renders inert', async () => {
    const urls = [`/${slug}`, `/${slug}/history`, `/${slug}/history.atom`, `/${slug}/history.rss`];

    for (const path of urls) {
      const response = await fetchText(`${stack.statusUrl}${path}`);
      expect(response.status).toBe(200);
      expect(response.body).not.toContain('<img');
      expect(response.body).not.toContain('href="javascript:');
    }
    const page = await fetchText(`${stack.statusUrl}/${slug}`);
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('pages send security headers', async () => {
    const page = await fetchText(`${stack.statusUrl}/${slug}`);
    const json = await fetchText(`${stack.statusUrl}/${slug}/api/v2/status.json`);

    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(json.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(json.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('embedding origins reach frame-ancestors', async () => {
    const [page] = await client.statusPages.list.query({ teamId: fixture.teamId });
    await client.statusPages.update.mutate({
      pageId: page!.id,
      frameAncestors: ['https://www.example.com', 'https://*.example.org'],
    });

    const response = await eventually(async () => {
      const fetched = await fetchText(`${stack.statusUrl}/${slug}`);
      return fetched.headers.get('content-security-policy')?.includes('example.org')
        ? fetched
        : undefined;
    });
    const csp = response.headers.get('content-security-policy');

    expect(csp).toContain('frame-ancestors https://www.example.com https://*.example.org');
    expect(response.headers.get('x-frame-options')).toBeNull();
  });

  it('private page answers like a missing one', async () => {
    const privateSlug = `${slug}-private`;
    const hiddenPage = await client.statusPages.create.mutate({
      teamId: fixture.teamId,
      slug: privateSlug,
      name: 'Internal partners',
      visibility: 'private',
    });
    await eventually(() =>
      stack.db
        .selectFrom('status_page_snapshot')
        .select('version')
        .where('page_id', '=', hiddenPage.id)
        .executeTakeFirst(),
    );

    for (const path of ['', '/history', '/api/v2/summary.json', '/history.atom']) {
      const hidden = await fetchText(`${stack.statusUrl}/${privateSlug}${path}`);
      const missing = await fetchText(`${stack.statusUrl}/no-such-page${path}`);
      expect(hidden.status).toBe(404);
      expect(hidden.body).toBe(missing.body);
      expect(hidden.body).not.toContain('Internal partners');
    }
  });
});
