import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fetchWithToken,
  millisecondsUntil,
  type PartnerFixture,
  signInWithLink,
  startPartnerFixture,
  storeSignInLink,
} from './partner-fixture.ts';

/** Maximum time a revocation may take to show on the status site. */
const VISIBLE_WITHIN_MS = 1_000;

// Each case warms the status site's credential cache with an allowed request, changes
// access through the admin API over HTTP, then polls the running status site until the
// credential is refused, which must happen within one second.
describe('partner revocation on the status site', () => {
  let fixture: PartnerFixture;

  beforeAll(async () => {
    fixture = await startPartnerFixture();
  });
  afterAll(async () => {
    await fixture?.stack.close();
  });

  const pagePath = () => `/${fixture.page.slug}/api/v2/summary.json`;

  async function newGrantWithToken() {
    const partner = await fixture.admin.partners.create.mutate({
      name: 'Revocation probe',
      email: `probe-${crypto.randomUUID()}@partner.example`,
    });
    const grant = await fixture.admin.partners.grants.create.mutate({
      partnerId: partner.id,
      pageId: fixture.page.id,
    });
    const created = await fixture.admin.partners.tokens.create.mutate({
      grantId: grant.id,
      name: 'probe',
    });
    expect((await fetchWithToken(fixture, pagePath(), created.token)).status).toBe(200);
    return { partner, grant, token: created.token, tokenId: created.accessToken.id };
  }

  const rejectedWith = (token: string, status: number) => async () => {
    const response = await fetchWithToken(fixture, pagePath(), token);
    await response.arrayBuffer();
    return response.status === status;
  };

  it('revoked token is refused within a second', async () => {
    const { token, tokenId } = await newGrantWithToken();

    await fixture.admin.partners.tokens.revoke.mutate({ tokenId });
    const elapsed = await millisecondsUntil(
      rejectedWith(token, 403),
      VISIBLE_WITHIN_MS,
      'token refusal',
    );

    expect(elapsed).toBeLessThan(VISIBLE_WITHIN_MS);
  });

  it('regenerated token replaces the old one within a second', async () => {
    const { token, tokenId } = await newGrantWithToken();

    const regenerated = await fixture.admin.partners.tokens.regenerate.mutate({ tokenId });
    const elapsed = await millisecondsUntil(
      rejectedWith(token, 403),
      VISIBLE_WITHIN_MS,
      'old token refusal',
    );
    const replacement = await fetchWithToken(fixture, pagePath(), regenerated.token);

    expect(elapsed).toBeLessThan(VISIBLE_WITHIN_MS);
    expect(replacement.status).toBe(200);
    expect(regenerated.accessToken.replacesTokenId).toBe(tokenId);
  });

  it('deactivated partner is refused within a second', async () => {
    const { partner, token } = await newGrantWithToken();
    const link = await storeSignInLinkFor(partner.id);
    const { sessionCookie } = await signInWithLink({ ...fixture, ...link.fixture }, link.token);
    const sessionRejected = async () => {
      const response = await fetch(`${fixture.stack.statusUrl}/${fixture.page.slug}`, {
        headers: { cookie: sessionCookie },
      });
      await response.arrayBuffer();
      return response.status === 403;
    };
    expect(await sessionRejected()).toBe(false);

    await fixture.admin.partners.setActive.mutate({ partnerId: partner.id, active: false });
    const tokenElapsed = await millisecondsUntil(
      rejectedWith(token, 403),
      VISIBLE_WITHIN_MS,
      'token refusal',
    );
    const sessionElapsed = await millisecondsUntil(
      sessionRejected,
      VISIBLE_WITHIN_MS,
      'session refusal',
    );

    expect(tokenElapsed).toBeLessThan(VISIBLE_WITHIN_MS);
    expect(sessionElapsed).toBeLessThan(VISIBLE_WITHIN_MS);
  });

  it('reactivated partner gets tokens back but no session', async () => {
    const { partner, token } = await newGrantWithToken();
    await fixture.admin.partners.setActive.mutate({ partnerId: partner.id, active: false });
    await millisecondsUntil(rejectedWith(token, 403), VISIBLE_WITHIN_MS, 'token refusal');

    await fixture.admin.partners.setActive.mutate({ partnerId: partner.id, active: true });
    const elapsed = await millisecondsUntil(
      rejectedWith(token, 200),
      VISIBLE_WITHIN_MS,
      'token acceptance',
    );

    expect(elapsed).toBeLessThan(VISIBLE_WITHIN_MS);
  });

  it('revoked grant refuses token and session within a second', async () => {
    const { partner, grant, token } = await newGrantWithToken();
    const link = await storeSignInLinkFor(partner.id, grant.id);
    const { sessionCookie } = await signInWithLink({ ...fixture, ...link.fixture }, link.token);

    await fixture.admin.partners.grants.revoke.mutate({ grantId: grant.id });
    const tokenElapsed = await millisecondsUntil(
      rejectedWith(token, 403),
      VISIBLE_WITHIN_MS,
      'token refusal',
    );
    const sessionElapsed = await millisecondsUntil(
      async () => {
        const response = await fetch(`${fixture.stack.statusUrl}/${fixture.page.slug}/history`, {
          headers: { cookie: sessionCookie },
        });
        await response.arrayBuffer();
        return response.status === 403;
      },
      VISIBLE_WITHIN_MS,
      'session refusal',
    );

    expect(tokenElapsed).toBeLessThan(VISIBLE_WITHIN_MS);
    expect(sessionElapsed).toBeLessThan(VISIBLE_WITHIN_MS);
  });

  it('session ended by an admin is refused within a second', async () => {
    const link = await storeSignInLink(fixture);
    const { sessionCookie } = await signInWithLink(fixture, link);
    const open = async () =>
      (
        await fetch(`${fixture.stack.statusUrl}/${fixture.page.slug}`, {
          headers: { cookie: sessionCookie },
        })
      ).status;
    expect(await open()).toBe(200);
    const sessions = await fixture.admin.partners.sessions.list.query({
      partnerId: fixture.partner.id,
    });

    for (const session of sessions) {
      await fixture.admin.partners.sessions.end.mutate({ sessionId: session.id });
    }
    const elapsed = await millisecondsUntil(
      async () => (await open()) === 403,
      VISIBLE_WITHIN_MS,
      'session refusal',
    );

    expect(elapsed).toBeLessThan(VISIBLE_WITHIN_MS);
  });

  /** Stores a sign-in link for another partner's grant on the fixture's page. */
  async function storeSignInLinkFor(partnerId: string, grantId?: string) {
    const grant =
      grantId ??
      (
        await fixture.stack.db
          .selectFrom('partner_grant')
          .select('id')
          .where('partner_id', '=', partnerId)
          .where('revoked_at', 'is', null)
          .executeTakeFirstOrThrow()
      ).id;
    const other = { grantId: grant, partner: { id: partnerId, email: '' } };
    const token = await storeSignInLink({ ...fixture, ...other });
    return { token, fixture: other };
  }
});
