import type { PageSnapshot } from '@pagefree/core/status-pages/snapshot-types';
import { describe, expect, it } from 'vitest';
import { partnerTestApp, sha256 } from './support/partner-fakes.ts';
import { snapshotFixture } from './support/snapshot-fixture.ts';

function privatePage(): PageSnapshot {
  const snapshot = snapshotFixture();
  snapshot.page = {
    ...snapshot.page,
    id: '00000000-0000-4000-8000-00000000f001',
    slug: 'partners',
    name: 'Partner Portal',
    visibility: 'private',
  };
  return snapshot;
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** Returns the `name=value` of a Set-Cookie header, and the header itself. */
function cookieFrom(response: Response, name: string) {
  const header = response.headers.getSetCookie().find((cookie) => cookie.includes(`${name}=`));
  const pair = header?.split(';')[0] ?? '';
  return { header: header ?? '', pair, value: pair.slice(pair.indexOf('=') + 1) };
}

describe('partner sign-in request', () => {
  it('known and unknown addresses get the same answer', async () => {
    const { app, memory, partners } = partnerTestApp();
    memory.publish(privatePage());

    const answers = [];
    for (const [slug, email] of [
      ['partners', 'ops@partner.example'],
      ['partners', 'nobody@nowhere.example'],
      ['no-such-page', 'ops@partner.example'],
    ]) {
      const response = await app.request(`/${slug}/partner/sign-in`, {
        method: 'POST',
        headers: FORM,
        body: `email=${encodeURIComponent(email!)}`,
      });
      answers.push({
        status: response.status,
        location: response.headers.get('location')?.replace(slug!, '{slug}'),
        body: await response.text(),
      });
    }

    expect(answers[0]).toEqual({ status: 303, location: '/{slug}/partner/sign-in/sent', body: '' });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(partners.calls.signInRequests.map((request) => request.email)).toEqual([
      'ops@partner.example',
      'nobody@nowhere.example',
      'ops@partner.example',
    ]);
  });

  it('sign-in pages do not name the page', async () => {
    const { app, memory } = partnerTestApp();
    memory.publish(privatePage());

    for (const path of [
      '/partners/partner/sign-in',
      '/partners/partner/sign-in/sent',
      '/partners/partner/sign-in/confirm',
    ]) {
      const response = await app.request(path);
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).not.toContain('Partner Portal');
      expect(response.headers.get('cache-control'), path).toBe('no-store');
    }
  });

  it('invalid address is shown next to the field', async () => {
    const { app, partners } = partnerTestApp();

    const response = await app.request('/partners/partner/sign-in', {
      method: 'POST',
      headers: FORM,
      body: 'email=not-an-address',
    });

    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Enter an email address such as name@example.com.');
    expect(partners.calls.signInRequests).toEqual([]);
  });

  it('cross-site form is rejected', async () => {
    const { app, partners } = partnerTestApp();

    const response = await app.request('/partners/partner/sign-in', {
      method: 'POST',
      headers: { ...FORM, 'sec-fetch-site': 'cross-site' },
      body: 'email=ops%40partner.example',
    });

    expect(response.status).toBe(403);
    expect(partners.calls.signInRequests).toEqual([]);
  });

  it('sign-in requests have their own budget', async () => {
    const { app, publicLimiter } = partnerTestApp({ partnerLimits: { 'sign-in': 2 } });

    const statuses: number[] = [];
    for (let index = 0; index < 3; index += 1) {
      const response = await app.request('/partners/partner/sign-in', {
        method: 'POST',
        headers: FORM,
        body: 'email=ops%40partner.example',
      });
      statuses.push(response.status);
    }

    expect(statuses).toEqual([303, 303, 429]);
    expect(publicLimiter.calls.filter(([tier]) => tier === 'subscribe')).toEqual([]);
  });
});

describe('magic link', () => {
  it('link GET moves the token into a cookie and consumes nothing', async () => {
    const { app, memory, partners } = partnerTestApp();
    const page = privatePage();
    memory.publish(page);
    const link = partners.addLink(page, 'partner-1');

    const response = await app.request(`/partners/partner/sign-in/link?token=${link}`);

    expect(response.status).toBe(200);
    expect(await response.text()).toContain(
      '<meta http-equiv="refresh" content="0;url=/partners/partner/sign-in/confirm"/>',
    );
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const cookie = cookieFrom(response, 'pf_partner_link');
    expect(cookie.value).toBe(link);
    expect(cookie.header).toContain('__Secure-pf_partner_link=');
    expect(cookie.header).toContain('Path=/partners/partner/sign-in');
    expect(cookie.header).toContain('HttpOnly');
    expect(cookie.header).toContain('SameSite=Lax');
    expect(cookie.header).toContain('Secure');
    expect(partners.calls.exchanges).toBe(0);
  });

  it('confirmation POST opens a session once', async () => {
    const { app, memory, partners } = partnerTestApp();
    const page = privatePage();
    memory.publish(page);
    const link = partners.addLink(page, 'partner-1');
    const linkCookie = `__Secure-pf_partner_link=${link}`;

    const confirmPage = await app.request('/partners/partner/sign-in/confirm', {
      headers: { cookie: linkCookie },
    });
    const first = await app.request('/partners/partner/sign-in/confirm', {
      method: 'POST',
      headers: { ...FORM, cookie: linkCookie },
    });
    const second = await app.request('/partners/partner/sign-in/confirm', {
      method: 'POST',
      headers: { ...FORM, cookie: linkCookie },
    });

    expect(await confirmPage.text()).toContain('<button type="submit">Sign in</button>');
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/partners');
    const session = cookieFrom(first, 'pf_partner_session');
    expect(session.value).toMatch(/^pfps_[A-Za-z0-9_-]{43}$/);
    expect(session.header).toContain('Path=/partners;');
    expect(session.header).toContain('HttpOnly');
    expect(session.header).toContain('SameSite=Lax');
    // The session ends after 24 hours on the server. The cookie outlives it, so an expired
    // session gets "session expired" instead of the anonymous not-found page.
    expect(session.header).toContain('Max-Age=2592000');
    expect(cookieFrom(first, 'pf_partner_link').header).toContain('Max-Age=0');
    expect(second.status).toBe(400);
    expect(await second.text()).toContain('Sign-in link already used');

    const pageResponse = await app.request('/partners', { headers: { cookie: session.pair } });
    expect(pageResponse.status).toBe(200);
    expect(await pageResponse.text()).toContain('<h1>Partner Portal</h1>');
  });

  it('expired link is told apart', async () => {
    const { app, memory, partners } = partnerTestApp();
    const page = privatePage();
    memory.publish(page);
    const link = partners.addLink(page, 'partner-1', Date.now() - 1);

    const response = await app.request('/partners/partner/sign-in/confirm', {
      method: 'POST',
      headers: { ...FORM, cookie: `__Secure-pf_partner_link=${link}` },
    });

    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Sign-in links work for 15 minutes.');
  });

  it('sign-in regenerates the session', async () => {
    const { app, memory, partners } = partnerTestApp();
    const page = privatePage();
    memory.publish(page);
    const { token: oldSession } = partners.addCredential('session', page);
    const link = partners.addLink(page, 'partner-1');

    const response = await app.request('/partners/partner/sign-in/confirm', {
      method: 'POST',
      headers: {
        ...FORM,
        cookie: `__Secure-pf_partner_link=${link}; __Secure-pf_partner_session=${oldSession}`,
      },
    });
    const newSession = cookieFrom(response, 'pf_partner_session').value;
    const old = await app.request('/partners', {
      headers: { cookie: `__Secure-pf_partner_session=${oldSession}` },
    });

    expect(newSession).not.toBe(oldSession);
    expect(old.status).toBe(401);
  });
});

describe('partner session', () => {
  it('expired session asks to sign in again', async () => {
    const { app, memory, partners, clock } = partnerTestApp();
    const page = privatePage();
    memory.publish(page);
    const { token } = partners.addCredential('session', page, { expiresAt: clock.now - 1 });

    const response = await app.request('/partners/history', {
      headers: { cookie: `__Secure-pf_partner_session=${token}` },
    });

    expect(response.status).toBe(401);
    const html = await response.text();
    expect(html).toContain('Session expired');
    expect(html).toContain('href="/partners/partner/sign-in"');
    expect(cookieFrom(response, 'pf_partner_session').header).toContain('Max-Age=0');
  });

  it('ended session answers access revoked', async () => {
    const { app, memory, partners } = partnerTestApp();
    const page = privatePage();
    memory.publish(page);
    const { token } = partners.addCredential('session', page, {
      endedAt: Date.now(),
      endReason: 'ended_by_admin',
    });

    const response = await app.request('/partners', {
      headers: { cookie: `__Secure-pf_partner_session=${token}` },
    });

    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Access revoked');
  });

  it('sign-out ends the session', async () => {
    const { app, memory, partners } = partnerTestApp();
    const page = privatePage();
    memory.publish(page);
    const { token } = partners.addCredential('session', page);
    const cookie = `__Secure-pf_partner_session=${token}`;

    const response = await app.request('/partners/partner/sign-out', {
      method: 'POST',
      headers: { ...FORM, cookie },
    });
    const after = await app.request('/partners', { headers: { cookie } });

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/partners/partner/signed-out');
    expect(cookieFrom(response, 'pf_partner_session').header).toContain('Max-Age=0');
    expect(partners.calls.signOuts).toEqual([sha256(token)]);
    expect(after.status).toBe(401);
    expect(await after.text()).toContain('Signed out');
  });

  it('plain http uses cookies without prefix', async () => {
    const { app, memory, partners } = partnerTestApp({ siteUrl: 'http://127.0.0.1:8080' });
    const page = privatePage();
    memory.publish(page);
    const link = partners.addLink(page, 'partner-1');

    const response = await app.request('/partners/partner/sign-in/confirm', {
      method: 'POST',
      headers: { ...FORM, cookie: `pf_partner_link=${link}` },
    });

    const session = cookieFrom(response, 'pf_partner_session');
    expect(session.header).toMatch(/^pf_partner_session=/);
    expect(session.header).not.toContain('Secure');
  });
});
