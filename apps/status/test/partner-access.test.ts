import type { PageSnapshot } from '@pagefree/core/status-pages/snapshot-types';
import { describe, expect, it } from 'vitest';
import { partnerTestApp, sha256 } from './support/partner-fakes.ts';
import { snapshotFixture } from './support/snapshot-fixture.ts';

function privatePage(slug = 'partners', id = '00000000-0000-4000-8000-00000000f001'): PageSnapshot {
  const snapshot = snapshotFixture();
  snapshot.page = { ...snapshot.page, id, slug, name: 'Partner Portal', visibility: 'private' };
  return snapshot;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('partner access token', () => {
  it('token opens its private page', async () => {
    const { app, memory, partners } = partnerTestApp();
    const page = privatePage();
    memory.publish(page);
    const { token } = partners.addCredential('token', page);

    for (const path of [
      '/partners',
      '/partners/history',
      '/partners/api/v2/summary.json',
      '/partners/history.atom',
    ]) {
      const response = await app.request(path, { headers: bearer(token) });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(response.headers.get('cache-control'), path).toBe('private, no-cache');
    }
    const html = await (await app.request('/partners', { headers: bearer(token) })).text();
    expect(html).toContain('<h1>Partner Portal</h1>');
    expect(html).not.toContain('id="subscribe"');
    expect(html).toContain('action="/partners/partner/sign-out"');
  });

  it('token in query string is ignored', async () => {
    const { app, memory, partners } = partnerTestApp();
    const page = privatePage();
    memory.publish(page);
    const { token } = partners.addCredential('token', page);

    for (const query of [
      `token=${token}`,
      `access_token=${token}`,
      `authorization=Bearer%20${token}`,
    ]) {
      const hidden = await app.request(`/partners/api/v2/summary.json?${query}`);
      const missing = await app.request(`/no-such-page/api/v2/summary.json?${query}`);
      expect(hidden.status).toBe(404);
      expect(await hidden.text()).toBe(await missing.text());
    }
    expect(partners.calls.findCredential).toHaveLength(0);
  });

  it('token in path opens nothing', async () => {
    const { app, memory, partners } = partnerTestApp();
    const page = privatePage();
    memory.publish(page);
    const { token } = partners.addCredential('token', page);

    const response = await app.request(`/partners/${token}`);

    expect(response.status).toBe(404);
    expect(partners.calls.findCredential).toHaveLength(0);
  });

  it('invalid token answers alike for private and unknown pages', async () => {
    const { app, memory } = partnerTestApp();
    memory.publish(privatePage());
    const token = `pfpt_${'A'.repeat(43)}`;

    const hidden = await app.request('/partners/api/v2/status.json', { headers: bearer(token) });
    const missing = await app.request('/nobody-here/api/v2/status.json', {
      headers: bearer(token),
    });
    const foreign = await app.request('/partners', { headers: bearer('not-a-partner-token') });
    const anonymous = await app.request('/partners');

    expect(hidden.status).toBe(401);
    expect(missing.status).toBe(401);
    expect(foreign.status).toBe(anonymous.status);
    expect(await foreign.text()).toBe(await anonymous.text());
    const body = await hidden.json();
    expect(body.error).toBe('invalid_token');
    expect(await missing.json()).toEqual(body);
    expect(hidden.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('expired token names its expiry', async () => {
    const { app, memory, partners } = partnerTestApp();
    const page = privatePage();
    memory.publish(page);
    const { token } = partners.addCredential('token', page, {
      expiresAt: Date.parse('2026-11-01T00:00:00Z'),
    });

    const response = await app.request('/partners/api/v2/summary.json', { headers: bearer(token) });

    expect(response.status).toBe(401);
    const body = await response.json();
    expect(body.error).toBe('token_expired');
    expect(body.message).toContain('2026-11-01T00:00:00.000Z');
  });

  it.each([
    ['token revoked', { endedAt: Date.now() - 1000 }],
    ['grant revoked', { grantRevoked: true }],
    ['partner deactivated', { partnerDeactivated: true }],
  ] as const)('%s answers access revoked', async (_case, change) => {
    const { app, memory, partners } = partnerTestApp();
    const page = privatePage();
    memory.publish(page);
    const { token } = partners.addCredential('token', page, change);

    const response = await app.request('/partners', { headers: bearer(token) });

    expect(response.status).toBe(403);
    expect((await response.json()).error).toBe('access_revoked');
  });

  it('token of another page opens no other private page', async () => {
    const { app, memory, partners } = partnerTestApp();
    const own = privatePage();
    const other = privatePage('other-private', '00000000-0000-4000-8000-00000000f002');
    memory.publish(own);
    memory.publish(other);
    const { token } = partners.addCredential('token', own);

    for (const path of ['/other-private', '/other-private/api/v2/summary.json', '/no-such-page']) {
      const response = await app.request(path, { headers: bearer(token) });
      expect(response.status, path).toBe(404);
      expect((await response.json()).message, path).toContain('/partners');
    }
  });

  it('token of another page still reads public pages', async () => {
    const { app, memory, partners } = partnerTestApp();
    const own = privatePage();
    memory.publish(own);
    memory.publish(snapshotFixture());
    const { token } = partners.addCredential('token', own);

    for (const path of ['/acme', '/acme/api/v2/summary.json']) {
      const response = await app.request(path, { headers: bearer(token) });
      expect(response.status, path).toBe(200);
    }
  });

  it('token cannot subscribe or post', async () => {
    const { app, memory, partners } = partnerTestApp();
    const page = snapshotFixture();
    memory.publish(page);
    const { token } = partners.addCredential('token', page);

    const subscribe = await app.request('/acme/subscribe', {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=partner%40example.com',
    });
    const confirm = await app.request('/acme/subscription/confirm?token=x', {
      headers: bearer(token),
    });

    expect(subscribe.status).toBe(403);
    expect((await subscribe.json()).error).toBe('not_allowed');
    expect(confirm.status).toBe(403);
  });

  it('denials are audited without the token', async () => {
    const { app, memory, partners, clock } = partnerTestApp();
    const page = privatePage();
    memory.publish(page);
    const expired = partners.addCredential('token', page, { expiresAt: clock.now - 1 });
    const revoked = partners.addCredential('token', page, { partnerDeactivated: true });
    const unknown = `pfpt_${'B'.repeat(43)}`;

    for (const token of [expired.token, revoked.token, unknown]) {
      await app.request('/partners', {
        headers: {
          ...bearer(token),
          'user-agent': 'dashboard/1.0',
          'x-test-client': '198.51.100.7',
        },
      });
    }

    expect(partners.audit.map((entry) => [entry.action, entry.outcome, entry.reason])).toEqual([
      ['access.denied', 'denied', 'expired'],
      ['access.denied', 'denied', 'revoked'],
      ['access.denied', 'denied', 'invalid_credential'],
    ]);
    expect(partners.audit[0]).toMatchObject({
      partnerId: expired.record.partnerId,
      pageId: page.page.id,
      credentialKind: 'token',
      credentialId: expired.record.id,
      ip: '198.51.100.7',
      userAgent: 'dashboard/1.0',
      path: '/partners',
    });
    expect(partners.audit[0]!.occurredAt).toBeInstanceOf(Date);
    const serialized = JSON.stringify(partners.audit);
    for (const token of [expired.token, revoked.token, unknown]) {
      expect(serialized).not.toContain(token);
      expect(serialized).not.toContain(sha256(token));
    }
  });

  it('repeated denials fold into one row per minute', async () => {
    const { app, memory, partners, clock } = partnerTestApp();
    memory.publish(privatePage());
    const unknown = `pfpt_${'C'.repeat(43)}`;
    const request = () =>
      app.request('/partners', {
        headers: { ...bearer(unknown), 'x-test-client': '198.51.100.9' },
      });

    for (let index = 0; index < 5; index += 1) await request();
    clock.now += 61_000;
    await request();

    const denials = partners.audit.filter((entry) => entry.action === 'access.denied');
    expect(denials).toHaveLength(2);
    expect(denials[0]!.metadata).toEqual({ foldedDenials: 0 });
    expect(denials[1]!.metadata).toEqual({ foldedDenials: 4 });
  });

  it('page access is audited once per interval', async () => {
    const { app, memory, partners, site } = partnerTestApp();
    const page = privatePage();
    memory.publish(page);
    const { token, record } = partners.addCredential('token', page);

    for (let index = 0; index < 5; index += 1) {
      await app.request('/partners/api/v2/summary.json', { headers: bearer(token) });
    }
    await site.usage.flush();

    expect(partners.audit.filter((entry) => entry.action === 'page.accessed')).toHaveLength(1);
    expect(partners.audit[0]).toMatchObject({ credentialId: record.id, outcome: 'allowed' });
    expect(partners.uses.tokens).toBe(5);
  });
});

describe('partner credential cache', () => {
  it('valid token is looked up once', async () => {
    const { app, memory, partners } = partnerTestApp();
    const page = privatePage();
    memory.publish(page);
    const { token } = partners.addCredential('token', page);

    for (let index = 0; index < 10; index += 1) {
      expect((await app.request('/partners', { headers: bearer(token) })).status).toBe(200);
    }

    expect(partners.calls.findCredential).toHaveLength(1);
  });

  it('announcement revokes at once', async () => {
    const { app, memory, partners, announcements } = partnerTestApp();
    const page = privatePage();
    memory.publish(page);
    const { token, record } = partners.addCredential('token', page);
    expect((await app.request('/partners', { headers: bearer(token) })).status).toBe(200);

    partners.update(token, { endedAt: Date.now() });
    const beforeAnnouncement = await app.request('/partners', { headers: bearer(token) });
    announcements.announce(record.partnerId);
    const afterAnnouncement = await app.request('/partners', { headers: bearer(token) });

    expect(beforeAnnouncement.status).toBe(200);
    expect(afterAnnouncement.status).toBe(403);
  });

  it('without announcements a check lasts one second', async () => {
    const { app, memory, partners, announcements, clock } = partnerTestApp();
    const page = privatePage();
    memory.publish(page);
    const { token } = partners.addCredential('token', page);
    announcements.setLive(false);
    expect((await app.request('/partners', { headers: bearer(token) })).status).toBe(200);

    partners.update(token, { grantRevoked: true });
    clock.now += 999;
    const within = await app.request('/partners', { headers: bearer(token) });
    clock.now += 2;
    const after = await app.request('/partners', { headers: bearer(token) });

    expect(within.status).toBe(200);
    expect(after.status).toBe(403);
  });

  it('renamed page refreshes the cached slug', async () => {
    const { app, memory, partners } = partnerTestApp();
    const page = privatePage();
    memory.publish(page);
    const { token } = partners.addCredential('token', page);
    expect((await app.request('/partners', { headers: bearer(token) })).status).toBe(200);

    const renamed = privatePage('partners-new');
    memory.publish(renamed);
    partners.update(token, { pageSlug: 'partners-new' });
    const response = await app.request('/partners-new', { headers: bearer(token) });

    expect(response.status).toBe(200);
  });
});

describe('partner rate limits', () => {
  it('partner requests use partner budgets only', async () => {
    const { app, memory, partners, publicLimiter, partnerLimiter } = partnerTestApp();
    const page = privatePage();
    memory.publish(page);
    const { token, record } = partners.addCredential('token', page);

    await app.request('/partners', {
      headers: { ...bearer(token), 'x-test-client': '203.0.113.9' },
    });

    expect(publicLimiter.calls).toEqual([]);
    expect(partnerLimiter.calls).toEqual([
      ['address', '203.0.113.9'],
      ['credential', record.id],
    ]);
  });

  it('address budget applies before the lookup', async () => {
    const { app, memory, partners } = partnerTestApp({ partnerLimits: { address: 2 } });
    memory.publish(privatePage());

    const statuses: number[] = [];
    for (let index = 0; index < 4; index += 1) {
      const guess = `pfpt_${String(index).repeat(43)}`;
      statuses.push((await app.request('/partners', { headers: bearer(guess) })).status);
    }

    expect(statuses).toEqual([401, 401, 429, 429]);
    expect(partners.calls.findCredential).toHaveLength(2);
    expect(partners.audit.filter((entry) => entry.reason === 'rate_limited')).toHaveLength(1);
  });

  it('credential budget answers 429 with Retry-After', async () => {
    const { app, memory, partners } = partnerTestApp({ partnerLimits: { credential: 1 } });
    const page = privatePage();
    memory.publish(page);
    const { token } = partners.addCredential('token', page);

    const first = await app.request('/partners/api/v2/summary.json', { headers: bearer(token) });
    const second = await app.request('/partners/api/v2/summary.json', { headers: bearer(token) });

    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('1');
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('30');
    expect((await second.json()).error).toBe('rate_limited');
  });

  it('anonymous requests keep the public limiter', async () => {
    const { app, memory, publicLimiter, partnerLimiter } = partnerTestApp();
    memory.publish(snapshotFixture());

    await app.request('/acme');

    expect(publicLimiter.calls).toEqual([['page', '192.0.2.1']]);
    expect(partnerLimiter.calls).toEqual([]);
  });
});

describe('anonymous not-found page', () => {
  it('private page matches unknown slug', async () => {
    const { app, memory } = partnerTestApp();
    memory.publish(privatePage());

    for (const suffix of ['', '/history', '/api/v2/status.json', '/history.rss']) {
      const hidden = await app.request(`/partners${suffix}`);
      const missing = await app.request(`/nobody-here${suffix}`);
      expect(hidden.status).toBe(404);
      expect(await hidden.text()).toBe(await missing.text());
    }
  });
});
