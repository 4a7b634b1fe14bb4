import {
  PARTNER_SESSION_PATTERN,
  PARTNER_TOKEN_PREFIX,
  SIGN_IN_LINK_PATTERN,
  SIGN_IN_LINK_TTL_MS,
} from '@pagefree/core/partners/partner-tokens';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { StatusEnv } from '../http/app-env.ts';
import { type RateLimiter, rateLimit } from '../http/rate-limit.ts';
import { notFoundResponse } from '../routes/respond.ts';
import { tooManyRequestsPage } from '../routes/too-many-requests.ts';
import type { PartnerCookies } from './partner-cookies.ts';
import { type PartnerGateway, PartnerSignInUnavailableError } from './partner-gateway.ts';
import type { PartnerRateLimiter } from './partner-limits.ts';
import {
  PARTNER_MESSAGES,
  renderConfirmPage,
  renderLinkForward,
  renderPartnerMessage,
  renderSignInForm,
  renderSignInSent,
} from './partner-pages.ts';
import { parseTarget } from './partner-routes-policy.ts';
import { randomToken, sha256Hex } from './web-crypto.ts';

const NO_STORE = { 'cache-control': 'no-store' };
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface PartnerRoutesDeps {
  gateway: PartnerGateway;
  cookies: PartnerCookies;
  /** The public limiter, for the sign-in pages' GETs. */
  limiter: RateLimiter;
  partnerLimiter: PartnerRateLimiter;
  siteUrl: string;
  now(): number;
}

/**
 * Magic-link sign-in and sign-out for partners, under `/{slug}/partner/`:
 * - `GET|POST sign-in`: the email form. The POST queues a link and returns the same response
 *   for every address;
 * - `GET sign-in/link?token=`: the link in the email. It consumes nothing, because mail
 *   scanners open links: it moves the token into an httpOnly cookie and forwards to
 *   `sign-in/confirm`, replacing the history entry, so the token leaves the address bar
 *   and the session history at once;
 * - `GET|POST sign-in/confirm`: a page whose button POST exchanges the link for a session
 *   cookie and redirects (303) to the clean page URL;
 * - `POST sign-out`, `GET signed-out`.
 * None of these pages names the status page or differs by whether it exists.
 */
export function partnerRoutes(deps: PartnerRoutesDeps) {
  const app = new Hono<StatusEnv>();
  const pageLimit = rateLimit(deps.limiter, 'page', tooManyRequestsPage);
  const signInLimit = partnerSignInLimit(deps.partnerLimiter);
  const smallBody = bodyLimit({
    maxSize: 4 * 1024,
    onError: (c) => c.text('The form is larger than 4 KB.', 413),
  });
  const sameOrigin = sameOriginOnly(deps.siteUrl);
  const validSlug: MiddlewareHandler<StatusEnv> = async (c, next) => {
    if (!parseTarget(`/${c.req.param('slug')}`)) return notFoundResponse(c);
    await next();
  };
  const post = [validSlug, signInLimit, smallBody, sameOrigin] as const;

  app.get('/:slug/partner/sign-in', validSlug, pageLimit, async (c) =>
    c.html(await renderSignInForm(c.req.param('slug')), 200, NO_STORE),
  );

  app.post('/:slug/partner/sign-in', ...post, async (c) => {
    const slug = c.req.param('slug');
    const form = await c.req.parseBody();
    const email = String(form.email ?? '').trim();
    if (!EMAIL_PATTERN.test(email) || email.length > 254) {
      const html = await renderSignInForm(slug, {
        email: email.slice(0, 254),
        problem: 'Enter an email address such as name@example.com.',
      });
      return c.html(html, 400, NO_STORE);
    }
    try {
      await deps.gateway.requestSignInLink({
        slug,
        email,
        ip: c.get('ip'),
        userAgent: c.req.header('user-agent') ?? null,
      });
    } catch (error) {
      if (!(error instanceof PartnerSignInUnavailableError)) throw error;
      c.get('logger').warn({ err: error }, 'Queueing a partner sign-in link failed');
      const html = await renderPartnerMessage(
        slug,
        { title: 'Try again in a minute', text: error.message },
        'sign-in',
      );
      return c.html(html, 503, { ...NO_STORE, 'retry-after': '60' });
    }
    return c.redirect(`/${slug}/partner/sign-in/sent`, 303);
  });

  app.get('/:slug/partner/sign-in/sent', validSlug, pageLimit, async (c) =>
    c.html(await renderSignInSent(c.req.param('slug')), 200, NO_STORE),
  );

  app.get('/:slug/partner/sign-in/link', validSlug, pageLimit, async (c) => {
    const slug = c.req.param('slug');
    const token = c.req.query('token') ?? '';
    if (SIGN_IN_LINK_PATTERN.test(token)) {
      deps.cookies.setLink(c, slug, token, SIGN_IN_LINK_TTL_MS / 1000);
    }
    // A page that moves on at once, instead of a 303. Browsers keep a redirect's first
    // address with the history entry (Chromium as the entry's typed URL). A zero-delay
    // refresh replaces the entry, so the address with the token leaves the session history.
    return c.html(await renderLinkForward(slug), 200, NO_STORE);
  });

  app.get('/:slug/partner/sign-in/confirm', validSlug, pageLimit, async (c) => {
    const hasLink = SIGN_IN_LINK_PATTERN.test(deps.cookies.readLink(c) ?? '');
    return c.html(await renderConfirmPage(c.req.param('slug'), hasLink), 200, NO_STORE);
  });

  app.post('/:slug/partner/sign-in/confirm', ...post, async (c) => {
    const slug = c.req.param('slug');
    const link = deps.cookies.readLink(c) ?? '';
    deps.cookies.clearLink(c, slug);
    if (!SIGN_IN_LINK_PATTERN.test(link)) {
      return c.html(await renderConfirmPage(slug, false), 400, NO_STORE);
    }

    const previous = deps.cookies.readSession(c, slug);
    const session = randomToken(PARTNER_TOKEN_PREFIX.session);
    const result = await deps.gateway.exchangeSignInLink({
      slug,
      linkTokenHash: await sha256Hex(link),
      sessionTokenHash: await sha256Hex(session),
      previousSessionTokenHash:
        previous && PARTNER_SESSION_PATTERN.test(previous) ? await sha256Hex(previous) : null,
      ip: c.get('ip'),
      userAgent: c.req.header('user-agent') ?? null,
      path: c.req.path,
    });

    switch (result.outcome) {
      case 'signed_in':
        deps.cookies.setSession(c, slug, session);
        return c.redirect(`/${slug}`, 303);
      case 'expired':
        return message(c, slug, 400, PARTNER_MESSAGES.linkExpired, 'sign-in');
      case 'used':
        return message(c, slug, 400, PARTNER_MESSAGES.linkUsed, 'sign-in');
      case 'invalid':
        return message(c, slug, 400, PARTNER_MESSAGES.linkInvalid, 'sign-in');
      case 'revoked':
        return message(c, slug, 403, PARTNER_MESSAGES.revoked, 'none');
      default:
        return result satisfies never;
    }
  });

  app.post('/:slug/partner/sign-out', validSlug, smallBody, sameOrigin, async (c) => {
    const slug = c.req.param('slug');
    const session = deps.cookies.readSession(c, slug);
    if (session && PARTNER_SESSION_PATTERN.test(session)) {
      await deps.gateway.signOut({
        sessionTokenHash: await sha256Hex(session),
        ip: c.get('ip'),
        userAgent: c.req.header('user-agent') ?? null,
        path: c.req.path,
      });
    }
    deps.cookies.clearSession(c, slug);
    return c.redirect(`/${slug}/partner/signed-out`, 303);
  });

  app.get('/:slug/partner/signed-out', validSlug, pageLimit, (c) =>
    message(c, c.req.param('slug'), 200, PARTNER_MESSAGES.signedOut, 'sign-in'),
  );

  return app;
}

async function message(
  c: Context<StatusEnv>,
  slug: string,
  status: 200 | 400 | 403,
  text: { title: string; text: string },
  action: 'sign-in' | 'none',
): Promise<Response> {
  return c.html(await renderPartnerMessage(slug, text, action), status, NO_STORE);
}

/** Counts sign-in requests and confirmations per client address in the partner sign-in budget. */
function partnerSignInLimit(limiter: PartnerRateLimiter): MiddlewareHandler<StatusEnv> {
  return async (c, next) => {
    let decision: Awaited<ReturnType<PartnerRateLimiter['consume']>>;
    try {
      decision = await limiter.consume('sign-in', c.get('ip') ?? 'unknown');
    } catch (error) {
      c.get('logger').warn({ err: error }, 'Partner sign-in rate limiter failed; request allowed');
      await next();
      return;
    }
    if (!decision.allowed) {
      const response = await tooManyRequestsPage(c, decision.resetSeconds);
      response.headers.set('Retry-After', String(decision.resetSeconds));
      return response;
    }
    await next();
  };
}

/**
 * Rejects form POSTs that the browser reports as coming from another site, by
 * `Sec-Fetch-Site`, or from another origin, by `Origin`. Pages send
 * `Referrer-Policy: no-referrer`, so browsers send `Origin: null` on these forms and
 * `Sec-Fetch-Site` decides; requests with neither header (tools) pass. The confirmation
 * also needs the SameSite=Lax link cookie, which a cross-site POST never carries.
 */
function sameOriginOnly(siteUrl: string): MiddlewareHandler<StatusEnv> {
  const siteOrigin = URL.canParse(siteUrl) ? new URL(siteUrl).origin : null;
  return async (c, next) => {
    const fetchSite = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const requestOrigin = new URL(c.req.url).origin;
    const crossOrigin =
      origin !== undefined &&
      origin !== 'null' &&
      origin !== siteOrigin &&
      origin !== requestOrigin;
    if (fetchSite === 'cross-site' || fetchSite === 'same-site' || crossOrigin) {
      return c.text('Forms must be submitted from the status site itself.', 403, NO_STORE);
    }
    await next();
  };
}
