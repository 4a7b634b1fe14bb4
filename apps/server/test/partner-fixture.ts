import { randomBytes } from 'node:crypto';
import { hashToken } from '@pagefree/core/crypto/tokens';
import { type PagingFixture, seedPagingFixture } from './support/paging-fixture.ts';
import { eventually, sessionCookie } from './support/stack.ts';
import { type StatusStack, startStatusStack } from './support/status-fixture.ts';
import { trpcClient } from './support/trpc-client.ts';

export type AdminClient = ReturnType<typeof trpcClient>;

/** The parts of a running stack the partner fixture uses. */
export type PartnerStack = Pick<StatusStack, 'db' | 'config' | 'server' | 'statusUrl'>;

export interface PartnerFixture<Stack extends PartnerStack = StatusStack> {
  stack: Stack;
  paging: PagingFixture;
  /** A platform admin's tRPC client over real HTTP. */
  admin: AdminClient;
  page: { id: string; slug: string };
  partner: { id: string; email: string };
  grantId: string;
  /** An access token for the page, returned once by `partners.tokens.create`. */
  token: string;
  tokenId: string;
}

/**
 * Starts server, worker, status site and (optionally) an SMTP peer, and creates through the
 * admin API a private page with components and a status incident, a partner with a grant
 * for it, and an access token. Waits until the page is published.
 */
export async function startPartnerFixture(
  options: { smtp?: boolean; env?: Record<string, string> } = {},
): Promise<PartnerFixture> {
  const stack = await startStatusStack({
    smtp: options.smtp ?? false,
    ...(options.env && { env: options.env }),
  });
  return seedPartnerFixture(stack);
}

/** Seeds the private page, partner, grant and token of `startPartnerFixture` on a running stack. */
export async function seedPartnerFixture<Stack extends PartnerStack>(
  stack: Stack,
  options: { waitForPublish?: boolean } = {},
): Promise<PartnerFixture<Stack>> {
  const paging = await seedPagingFixture(stack.db, stack.config);
  const admin = trpcClient(stack.server.url, {
    cookie: await sessionCookie(stack.db, paging.admin.id),
  });
  const suffix = randomBytes(3).toString('hex');

  const page = await admin.statusPages.create.mutate({
    teamId: paging.teamId,
    slug: `partner-${suffix}`,
    name: 'Acme Partner Portal',
    description: 'Status of the Acme services our partners integrate with.',
    visibility: 'private',
    timeZone: 'Europe/Berlin',
  });
  const payments = await admin.statusPages.components.create.mutate({
    pageId: page.id,
    name: 'Payments API',
    description: 'Card and wallet payments',
    serviceIds: [paging.serviceId],
  });
  await admin.statusPages.components.create.mutate({ pageId: page.id, name: 'Settlement files' });
  await admin.statusPages.incidents.create.mutate({
    pageId: page.id,
    title: 'Slow card authorisations',
    body: 'Authorisations take up to 5 seconds. We are investigating.',
    components: [{ componentId: payments.id, status: 'degraded_performance' }],
  });

  const partner = await admin.partners.create.mutate({
    name: 'Ops Team',
    email: `ops-${suffix}@partner.example`,
    organisation: 'Globex Payments',
  });
  const grant = await admin.partners.grants.create.mutate({
    partnerId: partner.id,
    pageId: page.id,
  });
  const created = await admin.partners.tokens.create.mutate({
    grantId: grant.id,
    name: 'Grafana dashboard',
  });

  const fixture: PartnerFixture<Stack> = {
    stack,
    paging,
    admin,
    page: { id: page.id, slug: page.slug },
    partner: { id: partner.id, email: partner.email },
    grantId: grant.id,
    token: created.token,
    tokenId: created.accessToken.id,
  };
  if (options.waitForPublish === false) return fixture;
  await eventually(
    async () => {
      const response = await fetchWithToken(fixture, `/${page.slug}/api/v2/summary.json`);
      if (response.status !== 200) return undefined;
      const summary = await response.json();
      return summary.components.length === 2 && summary.incidents.length === 1 ? true : undefined;
    },
    10_000,
    'the private page to be published',
  );
  return fixture;
}

/** Requests a status site path with the fixture's access token, or another token. */
export function fetchWithToken(
  fixture: PartnerFixture<PartnerStack>,
  path: string,
  token = fixture.token,
  init: RequestInit = {},
): Promise<Response> {
  return fetch(`${fixture.stack.statusUrl}${path}`, {
    redirect: 'manual',
    ...init,
    headers: { authorization: `Bearer ${token}`, ...init.headers },
  });
}

/**
 * Polls `check` every 20 ms until it returns true; returns the milliseconds it took, or
 * throws after `limitMs`.
 */
export async function millisecondsUntil(
  check: () => Promise<boolean>,
  limitMs: number,
  what: string,
): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await check()) return performance.now() - started;
    const elapsed = performance.now() - started;
    if (elapsed > limitMs) throw new Error(`${what} not seen within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Stores a sign-in link for the fixture's grant, as the worker does after an email request,
 * and returns its token. Tests use it to sign in without email.
 */
export async function storeSignInLink(
  fixture: PartnerFixture<PartnerStack>,
  expiresInMs = 15 * 60_000,
) {
  const token = `pfpl_${randomBytes(32).toString('base64url')}`;
  await fixture.stack.db
    .insertInto('partner_sign_in_link')
    .values({
      grant_id: fixture.grantId,
      partner_id: fixture.partner.id,
      page_id: fixture.page.id,
      token_hash: hashToken(token),
      expires_at: new Date(Date.now() + expiresInMs),
    })
    .execute();
  return token;
}

/** Follows a sign-in link over HTTP like a browser: GET the link, then POST the confirmation. */
export async function signInWithLink(fixture: PartnerFixture<PartnerStack>, linkToken: string) {
  const base = `${fixture.stack.statusUrl}/${fixture.page.slug}/partner/sign-in`;
  const opened = await fetch(`${base}/link?token=${linkToken}`, { redirect: 'manual' });
  const linkCookie = cookiePair(opened, 'pf_partner_link');
  const confirmed = await fetch(`${base}/confirm`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: linkCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: '',
  });
  return { opened, confirmed, sessionCookie: cookiePair(confirmed, 'pf_partner_session') };
}

/** Returns the `name=value` part of a response's Set-Cookie for `name`; empty when absent. */
export function cookiePair(response: Response, name: string): string {
  const header = response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`));
  return header?.split(';')[0] ?? '';
}
