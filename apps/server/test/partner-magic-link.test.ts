import { hashToken } from '@pagefree/core/crypto/tokens';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookiePair, type PartnerFixture, startPartnerFixture } from './partner-fixture.ts';
import { eventually } from './support/stack.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('partner magic link over SMTP', () => {
  let fixture: PartnerFixture;
  let base: string;

  beforeAll(async () => {
    fixture = await startPartnerFixture({ smtp: true });
    base = `${fixture.stack.statusUrl}/${fixture.page.slug}/partner/sign-in`;
  });
  afterAll(async () => {
    await fixture?.stack.close();
  });

  async function requestLink(email: string, slug = fixture.page.slug) {
    return fetch(`${fixture.stack.statusUrl}/${slug}/partner/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...FORM, 'user-agent': 'magic-link-test' },
      body: `email=${encodeURIComponent(email)}`,
    });
  }

  /**
   * Requests a link and returns its token from the email that arrives. Earlier links of the
   * partner are deleted first, because a partner gets at most 5 links per 15 minutes. The
   * returned token is the one whose link is stored, not a late email of an earlier test.
   */
  async function linkFromEmail(): Promise<string> {
    await fixture.stack.db
      .deleteFrom('partner_sign_in_link')
      .where('partner_id', '=', fixture.partner.id)
      .execute();
    await requestLink(fixture.partner.email.toUpperCase());
    return eventually(
      async () => {
        const stored = await fixture.stack.db
          .selectFrom('partner_sign_in_link')
          .select('token_hash')
          .where('partner_id', '=', fixture.partner.id)
          .execute();
        const hashes = new Set(stored.map((row) => row.token_hash));
        for (const mail of fixture.stack.smtp!.messages) {
          const token = /\/partner\/sign-in\/link\?token=(pfpl_[A-Za-z0-9_-]{43})/.exec(
            mail.text ?? '',
          )?.[1];
          if (token && hashes.has(hashToken(token))) return token;
        }
        return undefined;
      },
      10_000,
      'the sign-in email',
    );
  }

  const linkRow = (token: string) =>
    fixture.stack.db
      .selectFrom('partner_sign_in_link')
      .selectAll()
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirstOrThrow();

  it('email names the page and expires in 15 minutes', async () => {
    const before = fixture.stack.smtp!.messages.length;
    await requestLink(fixture.partner.email);
    const mail = await fixture.stack.smtp!.waitForMessage(
      (message) => fixture.stack.smtp!.messages.indexOf(message) >= before,
      10_000,
    );
    const token = /token=(pfpl_[A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1]!;
    const row = await linkRow(token);

    expect(mail.subject).toBe('Sign in to the Acme Partner Portal status page');
    expect(mail.text).toContain(`${base}/link?token=${token}`);
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(15 * 60_000);
    expect(row.used_at).toBeNull();
  });

  it('unknown address gets the same answer and no email', async () => {
    const known = await requestLink(fixture.partner.email);
    const unknown = await requestLink(`nobody-${crypto.randomUUID()}@partner.example`);
    const unknownPage = await requestLink(fixture.partner.email, 'no-such-page');

    expect(unknown.status).toBe(known.status);
    expect(unknown.headers.get('location')).toBe(known.headers.get('location'));
    expect(await unknown.text()).toBe(await known.text());
    expect(unknownPage.status).toBe(303);
    const denied = await eventually(async () => {
      const rows = await fixture.stack.db
        .selectFrom('partner_audit_event')
        .select(['reason', 'page_id', 'partner_id', 'user_agent'])
        .where('action', '=', 'sign_in.link_requested')
        .where('outcome', '=', 'denied')
        .execute();
      return rows.length >= 2 ? rows : undefined;
    });
    expect(denied).toEqual(
      expect.arrayContaining([
        {
          reason: 'unknown_email',
          page_id: fixture.page.id,
          partner_id: null,
          user_agent: 'magic-link-test',
        },
        {
          reason: 'page_not_found',
          page_id: null,
          partner_id: null,
          user_agent: 'magic-link-test',
        },
      ]),
    );
  });

  it("scanner's GET does not consume the link", async () => {
    const token = await linkFromEmail();

    const scanned = await fetch(`${base}/link?token=${token}`, { redirect: 'manual' });
    const followed = await fetch(`${base}/confirm`, { redirect: 'manual' });
    const row = await linkRow(token);

    expect(scanned.status).toBe(200);
    expect(await scanned.text()).toContain(`url=/${fixture.page.slug}/partner/sign-in/confirm`);
    expect(followed.status).toBe(200);
    expect(row.used_at).toBeNull();
  });

  it('second use of a link fails', async () => {
    const token = await linkFromEmail();
    const opened = await fetch(`${base}/link?token=${token}`, { redirect: 'manual' });
    const linkCookie = cookiePair(opened, 'pf_partner_link');
    const confirm = () =>
      fetch(`${base}/confirm`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...FORM, cookie: linkCookie },
      });

    const first = await confirm();
    const second = await confirm();

    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/${fixture.page.slug}`);
    expect((await linkRow(token)).used_at).not.toBeNull();
    expect(second.status).toBe(400);
    expect(await second.text()).toContain('Sign-in link already used');
    const session = cookiePair(first, 'pf_partner_session');
    const page = await fetch(`${fixture.stack.statusUrl}/${fixture.page.slug}`, {
      headers: { cookie: session },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Slow card authorisations');
  });

  it('concurrent confirmations open one session', async () => {
    const token = await linkFromEmail();
    const opened = await fetch(`${base}/link?token=${token}`, { redirect: 'manual' });
    const linkCookie = cookiePair(opened, 'pf_partner_link');

    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        fetch(`${base}/confirm`, {
          method: 'POST',
          redirect: 'manual',
          headers: { ...FORM, cookie: linkCookie },
        }),
      ),
    );

    expect(results.map((response) => response.status).sort()).toEqual([303, 400, 400, 400, 400]);
  });

  it('expired link is refused as expired', async () => {
    const token = await linkFromEmail();
    await fixture.stack.db
      .updateTable('partner_sign_in_link')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('token_hash', '=', hashToken(token))
      .execute();
    const opened = await fetch(`${base}/link?token=${token}`, { redirect: 'manual' });

    const response = await fetch(`${base}/confirm`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...FORM, cookie: cookiePair(opened, 'pf_partner_link') },
    });

    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Sign-in link expired');
  });

  it('sixth link within 15 minutes is not sent', async () => {
    await fixture.stack.db
      .deleteFrom('partner_sign_in_link')
      .where('partner_id', '=', fixture.partner.id)
      .execute();
    const since = new Date();

    for (let index = 0; index < 6; index += 1) await requestLink(fixture.partner.email);
    const outcomes = await eventually(async () => {
      const links = await fixture.stack.db
        .selectFrom('partner_sign_in_link')
        .select('id')
        .where('partner_id', '=', fixture.partner.id)
        .execute();
      const denied = await fixture.stack.db
        .selectFrom('partner_audit_event')
        .select('id')
        .where('partner_id', '=', fixture.partner.id)
        .where('reason', '=', 'too_many_links')
        .where('occurred_at', '>=', since)
        .execute();
      return links.length + denied.length === 6
        ? { links: links.length, denied: denied.length }
        : undefined;
    });

    expect(outcomes).toEqual({ links: 5, denied: 1 });
  });

  it('sign-in and access are audited', async () => {
    const rows = await fixture.stack.db
      .selectFrom('partner_audit_event')
      .select([
        'action',
        'outcome',
        'reason',
        'partner_id',
        'page_id',
        'ip',
        'user_agent',
        'occurred_at',
      ])
      .where('partner_id', '=', fixture.partner.id)
      .orderBy('id')
      .execute();

    const completed = rows.find(
      (row) => row.action === 'sign_in.completed' && row.outcome === 'allowed',
    );
    expect(completed).toMatchObject({ page_id: fixture.page.id, ip: '127.0.0.1' });
    expect(
      rows.some((row) => row.action === 'sign_in.link_requested' && row.outcome === 'allowed'),
    ).toBe(true);
    expect(rows.some((row) => row.reason === 'link_used')).toBe(true);
    expect(rows.some((row) => row.reason === 'link_expired')).toBe(true);
    for (const row of rows) expect(row.occurred_at).toBeInstanceOf(Date);
  });
});
