import { describe, expect, it } from 'vitest';
import { SubscriptionInputError } from '../src/data/subscription-gateway.ts';
import { countingLimiter, rejectingGateway, testApp } from './support/fakes.ts';
import { snapshotFixture } from './support/snapshot-fixture.ts';

describe('status page HTML', () => {
  it('page has landmarks and text statuses', async () => {
    const { app, memory } = testApp();
    memory.publish(snapshotFixture());

    const html = await (await app.request('/acme')).text();

    expect(html).toMatch(/^<!doctype html><html lang="en" data-time-zone="Europe\/Berlin">/);
    for (const landmark of ['<header', '<nav', '<main id="main"', '<footer']) {
      expect(html).toContain(landmark);
    }
    expect(html).toContain('<h1>Acme Cloud</h1>');
    expect(html).toContain('<h2 id="overall-status">Partial System Outage</h2>');
    expect(html).toContain('<span class="symbol" aria-hidden="true">◆</span> Partial outage');
    expect(html).toContain('99.97% uptime over the past 90 days.');
    expect(html).toContain('Days with problems: 2 Dec partial outage.');
    expect(html).toContain('<strong>bad deploy</strong>');
  });

  it('update with an img tag renders inert', async () => {
    const { app, memory } = testApp();
    const snapshot = snapshotFixture();
    snapshot.incidents[0]!.name = 'Broken <script>alert(1)</script>';
    snapshot.incidents[0]!.updates[0]!.body =
      'See <img src=x onerror=alert(1)> and [here](javascript:alert(1))';
    memory.publish(snapshot);

    for (const path of [
      '/acme',
      '/acme/history',
      `/acme/incidents/${snapshot.incidents[0]!.id}`,
      '/acme/history.atom',
      '/acme/history.rss',
    ]) {
      const body = await (await app.request(path)).text();
      expect(body).not.toContain('<img');
      expect(body).not.toContain('<script>alert');
      expect(body).not.toContain('href="javascript:');
    }
    const html = await (await app.request('/acme')).text();
    expect(html).toContain('See &lt;img src=x onerror=alert(1)&gt; and <a href="">here</a>');
  });

  it('unknown incident of a visible page is its own 404', async () => {
    const { app, memory } = testApp();
    memory.publish(snapshotFixture());

    const response = await app.request('/acme/incidents/00000000-0000-4000-8000-000000000000');
    const html = await response.text();

    expect(response.status).toBe(404);
    expect(html).toContain('<h1>Incident not found</h1>');
    expect(html).toContain('href="/acme/history"');
  });

  it('incident at 20:00 UTC is listed under 26 February in Auckland', async () => {
    const { app, memory } = testApp();
    const snapshot = snapshotFixture({ localDate: '2019-02-26', maintenances: [] });
    snapshot.page.timeZone = 'Pacific/Auckland';
    snapshot.incidents = [
      {
        ...snapshot.incidents[1]!,
        name: 'Terminals offline',
        createdAt: '2019-02-25T20:00:00.000Z',
      },
    ];
    memory.publish(snapshot);

    const html = await (await app.request('/acme')).text();
    const history = await (await app.request('/acme/history')).text();

    expect(html).toMatch(
      /datetime="2019-02-26">26 February 2019<\/time><\/h3><article.*?Terminals offline/,
    );
    expect(html).toMatch(
      /datetime="2019-02-25">25 February 2019<\/time><\/h3><p class="muted">No incidents reported./,
    );
    expect(history).toMatch(/26 February 2019<\/time><\/h3><article/);
  });

  it('private page answers like a missing one', async () => {
    const { app, memory } = testApp();
    const snapshot = snapshotFixture();
    snapshot.page = {
      ...snapshot.page,
      slug: 'partners',
      visibility: 'private',
      name: 'Partner Portal',
    };
    memory.publish(snapshot);

    for (const suffix of [
      '',
      '/history',
      '/history.rss',
      `/incidents/${snapshot.incidents[0]!.id}`,
    ]) {
      const hidden = await app.request(`/partners${suffix}`);
      const missing = await app.request(`/unknown-page${suffix}`);
      expect(hidden.status).toBe(404);
      expect(await hidden.text()).toBe(await missing.text());
    }
    const json = await app.request('/partners/api/v2/status.json');
    expect(json.status).toBe(404);
  });

  it('assets are cached for a year', async () => {
    const { app, memory } = testApp();
    memory.publish(snapshotFixture());
    const html = await (await app.request('/acme')).text();
    const stylesheet = /href="(\/assets\/status-[0-9a-f]{8}\.css)"/.exec(html)![1]!;

    const response = await app.request(stylesheet);

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });
});

describe('snapshot cache', () => {
  it('serves cached versions from memory', async () => {
    const { app, memory } = testApp();
    memory.publish(snapshotFixture());

    for (let index = 0; index < 5; index += 1) await app.request('/acme');

    expect(memory.reads.load).toBe(1);
    expect(memory.reads.tag).toBe(0);
  });

  it('announcement drops the cached page', async () => {
    const { app, memory } = testApp();
    memory.publish(snapshotFixture());
    await app.request('/acme');

    memory.publish(
      snapshotFixture({
        version: 8,
        status: { indicator: 'none', description: 'All Systems Operational' },
      }),
    );
    const html = await (await app.request('/acme')).text();

    expect(html).toContain('All Systems Operational');
  });

  it('without announcements every request checks the version', async () => {
    const { app, memory } = testApp();
    memory.publish(snapshotFixture());
    await app.request('/acme');
    memory.setLive(false);

    const unchanged = await app.request('/acme');
    memory.putSilently(
      snapshotFixture({
        version: 8,
        status: { indicator: 'none', description: 'All Systems Operational' },
      }),
    );
    const changed = await (await app.request('/acme')).text();

    expect(unchanged.status).toBe(200);
    expect(memory.reads.tag).toBe(2);
    expect(changed).toContain('All Systems Operational');
  });

  it('resubscribing drops every cached page', async () => {
    const { app, memory } = testApp();
    memory.publish(snapshotFixture());
    await app.request('/acme');
    memory.putSilently(
      snapshotFixture({
        version: 9,
        status: { indicator: 'none', description: 'All Systems Operational' },
      }),
    );

    memory.resubscribe();
    const html = await (await app.request('/acme')).text();

    expect(html).toContain('All Systems Operational');
  });

  it('load racing an announcement is not cached', async () => {
    const { app, memory } = testApp();
    memory.publish(snapshotFixture());
    const originalLoad = memory.store.load;
    memory.store.load = async (slug) => {
      const loaded = await originalLoad(slug);
      // A newer version is announced while this older read is in flight.
      memory.publish(
        snapshotFixture({
          version: 8,
          status: { indicator: 'none', description: 'All Systems Operational' },
        }),
      );
      memory.store.load = originalLoad;
      return loaded;
    };

    await app.request('/acme');
    const next = await (await app.request('/acme')).text();

    expect(next).toContain('All Systems Operational');
  });
});

describe('rate limiting', () => {
  it('responses carry RateLimit headers', async () => {
    const { app, memory } = testApp({ limiter: countingLimiter(5) });
    memory.publish(snapshotFixture());

    const response = await app.request('/acme');

    expect(response.headers.get('ratelimit-limit')).toBe('5');
    expect(response.headers.get('ratelimit-remaining')).toBe('4');
    expect(response.headers.get('ratelimit-reset')).toBe('42');
    expect(response.headers.get('ratelimit-policy')).toBe('5;w=60');
  });

  it('exhausted tier answers 429 with Retry-After', async () => {
    const { app, memory } = testApp({ limiter: countingLimiter(2) });
    memory.publish(snapshotFixture());

    await app.request('/acme/api/v2/status.json');
    await app.request('/acme/api/v2/status.json');
    const refused = await app.request('/acme/api/v2/status.json');
    const page = await app.request('/acme');

    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('42');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect((await refused.json()).error).toBe('rate_limited');
    expect(page.status).toBe(200);
  });

  it('tiers are counted separately per client', async () => {
    const limiter = countingLimiter(100);
    const { app, memory } = testApp({ limiter });
    memory.publish(snapshotFixture());

    await app.request('/acme', { headers: { 'x-test-client': '198.51.100.7' } });
    await app.request('/acme/api/v2/summary.json');
    await app.request('/acme/history.atom');
    await app.request('/acme/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=a%40example.com',
    });

    expect(limiter.calls).toEqual([
      ['page', '198.51.100.7'],
      ['api', '192.0.2.1'],
      ['api', '192.0.2.1'],
      ['subscribe', '192.0.2.1'],
    ]);
  });
});

describe('subscription forms', () => {
  const form = (body: string, headers: Record<string, string> = {}) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });

  it('rejected field is shown next to the form', async () => {
    const { app, memory } = testApp({
      gateway: {
        ...rejectingGateway,
        subscribeEmail: async () => {
          throw new SubscriptionInputError('components', 'choose components shown on this page');
        },
      },
    });
    memory.publish(snapshotFixture());

    const response = await app.request(
      '/acme/subscribe',
      form('email=a%40example.com&components=nope'),
    );
    const html = await response.text();

    expect(response.status).toBe(400);
    expect(html).toContain(
      '<p class="field-error" id="components-error">choose components shown on this page</p>',
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('malformed token never reaches the gateway', async () => {
    let calls = 0;
    const { app, memory } = testApp({
      gateway: {
        ...rejectingGateway,
        confirm: async () => {
          calls += 1;
          return 'confirmed';
        },
      },
    });
    memory.publish(snapshotFixture());

    const response = await app.request('/acme/subscription/confirm', form('token=pfc_short'));

    expect(response.status).toBe(400);
    expect(calls).toBe(0);
  });

  it('confirm redirects to a clean URL', async () => {
    const { app, memory } = testApp({
      gateway: { ...rejectingGateway, confirm: async () => 'confirmed' },
    });
    memory.publish(snapshotFixture());

    const response = await app.request(
      '/acme/subscription/confirm',
      form(`token=pfc_${'a'.repeat(43)}`),
    );

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/acme/subscription/confirmed');
  });

  it('one-click unsubscribe takes the token from the link', async () => {
    let received = '';
    const { app, memory } = testApp({
      gateway: {
        ...rejectingGateway,
        unsubscribe: async (input) => {
          received = input.token;
          return 'unsubscribed';
        },
      },
    });
    memory.publish(snapshotFixture());
    const token = `pfu_${'b'.repeat(43)}`;

    const response = await app.request(
      `/acme/unsubscribe?token=${token}`,
      form('List-Unsubscribe=One-Click'),
    );

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('Unsubscribed.');
    expect(received).toBe(token);
  });

  it('form from another site is rejected', async () => {
    const { app, memory } = testApp();
    memory.publish(snapshotFixture());

    const response = await app.request(
      '/acme/subscribe',
      form('email=a%40example.com', { origin: 'https://evil.example' }),
    );

    expect(response.status).toBe(403);
  });
});
