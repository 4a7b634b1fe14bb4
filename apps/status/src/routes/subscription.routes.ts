import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { StatusDataSource } from '../data/status-data-source.ts';
import {
  type SubscriptionGateway,
  SubscriptionInputError,
  SubscriptionPageNotFoundError,
} from '../data/subscription-gateway.ts';
import type { StatusEnv } from '../http/app-env.ts';
import { type RateLimiter, rateLimit } from '../http/rate-limit.ts';
import { h } from '../render/h.ts';
import { renderMessagePage } from '../render/message-page.ts';
import { renderStatusPage } from '../render/status-page.ts';
import { notFoundResponse, visiblePage } from './respond.ts';
import { tooManyRequestsPage } from './too-many-requests.ts';

/** Confirm tokens start `pfc_`, unsubscribe tokens `pfu_`, then 43 base64url characters. */
const CONFIRM_TOKEN = /^pfc_[A-Za-z0-9_-]{43}$/;
const MANAGE_TOKEN = /^pfu_[A-Za-z0-9_-]{43}$/;
const NO_STORE = { 'cache-control': 'no-store' };

/**
 * Subscribing, double opt-in and unsubscribing. Links in emails open pages with a button;
 * only the button's POST changes anything, because mail scanners follow GET links. The
 * exception is RFC 8058 one-click unsubscribe: a mail client POSTs
 * `List-Unsubscribe=One-Click` to the link from the `List-Unsubscribe` header, with the
 * token in the link's query. After a change the browser is redirected (303) to a page
 * without the token, so it stays out of history. `Referrer-Policy: no-referrer` keeps it
 * out of the Referer header meanwhile.
 */
export function subscriptionRoutes(deps: {
  data: StatusDataSource;
  subscriptions: SubscriptionGateway;
  limiter: RateLimiter;
  siteUrl: string;
}) {
  const app = new Hono<StatusEnv>();
  const pageLimit = rateLimit(deps.limiter, 'page', tooManyRequestsPage);
  const postLimit = rateLimit(deps.limiter, 'subscribe', tooManyRequestsPage);
  const smallBody = bodyLimit({
    maxSize: 16 * 1024,
    onError: (c) => c.text('The form is larger than 16 KB.', 413),
  });
  const sameOrigin = sameOriginForm(deps.siteUrl);

  const message = async (
    c: Context<StatusEnv>,
    slug: string,
    status: 200 | 400 | 503,
    title: string,
    text: string,
  ) => {
    const page = await visiblePage(c, deps.data, slug);
    if (!page) return notFoundResponse(c);
    const html = await renderMessagePage({
      snapshot: page.snapshot,
      title,
      body: h('p', null, text),
    });
    return c.html(html, status, NO_STORE);
  };

  app.post('/:slug/subscribe', postLimit, smallBody, sameOrigin, async (c) => {
    const slug = c.req.param('slug');
    const form = await c.req.parseBody({ all: true });
    const email = String(form.email ?? '').trim();
    try {
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) {
        throw new SubscriptionInputError(
          'email',
          'Enter an email address such as name@example.com.',
        );
      }
      await deps.subscriptions.subscribeEmail({
        slug,
        email,
        componentIds: formList(form.components),
        ip: c.get('ip'),
      });
    } catch (error) {
      return formProblem(c, deps.data, slug, error, { email });
    }
    return c.redirect(`/${slug}/subscribe/check-email`, 303);
  });

  app.get('/:slug/subscribe/check-email', pageLimit, (c) =>
    message(
      c,
      c.req.param('slug'),
      200,
      'Check your email',
      'If the address can receive mail, a confirmation link is on its way. Open it and press the button to start your subscription.',
    ),
  );

  app.post('/:slug/subscribe/webhook', postLimit, smallBody, sameOrigin, async (c) => {
    const slug = c.req.param('slug');
    const form = await c.req.parseBody({ all: true });
    const url = String(form.url ?? '').trim();
    let secret: string;
    try {
      if (!URL.canParse(url) || url.length > 2000) {
        throw new SubscriptionInputError(
          'url',
          'Enter a full URL such as https://example.com/hooks/status.',
        );
      }
      ({ secret } = await deps.subscriptions.subscribeWebhook({
        slug,
        url,
        componentIds: formList(form.components),
        ip: c.get('ip'),
      }));
    } catch (error) {
      return formProblem(c, deps.data, slug, error, { url });
    }
    const page = await visiblePage(c, deps.data, slug);
    if (!page) return notFoundResponse(c);
    const html = await renderMessagePage({
      snapshot: page.snapshot,
      title: 'Webhook subscribed',
      body: [
        h(
          'p',
          null,
          'Notices will be POSTed to your URL as JSON. Verify each one with this signing secret:',
        ),
        h('p', { class: 'secret' }, secret),
        h(
          'p',
          null,
          'This is the only time the secret is shown. The x-pagefree-signature header carries v1=<hex HMAC-SHA256 of "<x-pagefree-timestamp>.<body>">, and each notice includes its unsubscribe URL.',
        ),
      ],
    });
    return c.html(html, 200, NO_STORE);
  });

  app.get('/:slug/subscription/confirm', pageLimit, async (c) => {
    const slug = c.req.param('slug');
    const token = c.req.query('token') ?? '';
    const page = await visiblePage(c, deps.data, slug);
    if (!page) return notFoundResponse(c);
    const html = await renderMessagePage({
      snapshot: page.snapshot,
      title: 'Confirm your subscription',
      body: [
        h('p', null, `Press the button to receive updates from ${page.snapshot.page.name}.`),
        h(
          'form',
          { method: 'post', action: `/${slug}/subscription/confirm` },
          h('input', { type: 'hidden', name: 'token', value: token }),
          h('button', { type: 'submit' }, 'Confirm subscription'),
        ),
      ],
    });
    return c.html(html, 200, NO_STORE);
  });

  app.post('/:slug/subscription/confirm', postLimit, smallBody, sameOrigin, async (c) => {
    const slug = c.req.param('slug');
    const form = await c.req.parseBody();
    const token = String(form.token ?? '');
    const outcome = CONFIRM_TOKEN.test(token)
      ? await deps.subscriptions.confirm({ slug, token, ip: c.get('ip') })
      : 'invalid';
    if (outcome === 'invalid') {
      return message(
        c,
        slug,
        400,
        'Link not valid',
        'This confirmation link is invalid, already used or expired. Subscribe again to get a new one.',
      );
    }
    return c.redirect(`/${slug}/subscription/confirmed`, 303);
  });

  app.get('/:slug/subscription/confirmed', pageLimit, (c) =>
    message(
      c,
      c.req.param('slug'),
      200,
      'You are subscribed',
      'You will get an email when an incident or maintenance is posted. Every email has a link to unsubscribe.',
    ),
  );

  app.get('/:slug/unsubscribe', pageLimit, async (c) => {
    const slug = c.req.param('slug');
    const token = c.req.query('token') ?? '';
    const page = await visiblePage(c, deps.data, slug);
    if (!page) return notFoundResponse(c);
    const html = await renderMessagePage({
      snapshot: page.snapshot,
      title: 'Unsubscribe',
      body: [
        h('p', null, `Press the button to stop receiving updates from ${page.snapshot.page.name}.`),
        h(
          'form',
          { method: 'post', action: `/${slug}/unsubscribe` },
          h('input', { type: 'hidden', name: 'token', value: token }),
          h('button', { type: 'submit' }, 'Unsubscribe'),
        ),
      ],
    });
    return c.html(html, 200, NO_STORE);
  });

  // No same-origin check: one-click unsubscribe POSTs come from mail providers' servers.
  // For the same reason it counts against the page tier, not the small subscribe budget:
  // a provider's few servers unsubscribe many people, and a token cannot be guessed.
  app.post('/:slug/unsubscribe', pageLimit, smallBody, async (c) => {
    const slug = c.req.param('slug');
    const form = await c.req.parseBody();
    const oneClick = form['List-Unsubscribe'] === 'One-Click';
    const token = String(form.token ?? c.req.query('token') ?? '');
    const outcome = MANAGE_TOKEN.test(token)
      ? await deps.subscriptions.unsubscribe({ slug, token, ip: c.get('ip') })
      : 'invalid';
    if (oneClick) {
      return outcome === 'invalid'
        ? c.text('This unsubscribe link is not valid.', 400, NO_STORE)
        : c.text('Unsubscribed.', 200, NO_STORE);
    }
    if (outcome === 'invalid') {
      return message(
        c,
        slug,
        400,
        'Link not valid',
        'This unsubscribe link is not valid. Use the link from your latest email.',
      );
    }
    return c.redirect(`/${slug}/unsubscribed`, 303);
  });

  app.get('/:slug/unsubscribed', pageLimit, (c) =>
    message(
      c,
      c.req.param('slug'),
      200,
      'You are unsubscribed',
      'You will not get more emails from this status page. You can subscribe again at any time.',
    ),
  );

  return app;
}

/** Reads a form field that may be sent once, several times or not at all. */
function formList(value: unknown): string[] {
  if (value === undefined) return [];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.filter((item): item is string => typeof item === 'string').slice(0, 100);
}

/** Shows the status page again with the form's problem next to the field, or maps the error. */
async function formProblem(
  c: Context<StatusEnv>,
  data: StatusDataSource,
  slug: string,
  error: unknown,
  values: { email?: string; url?: string },
): Promise<Response> {
  if (error instanceof SubscriptionPageNotFoundError) return notFoundResponse(c);
  if (!(error instanceof SubscriptionInputError)) throw error;
  const page = await visiblePage(c, data, slug);
  if (!page) return notFoundResponse(c);
  const html = await renderStatusPage(page.snapshot, {
    subscribe: { problem: { field: error.field, message: error.message }, ...values },
  });
  return c.html(html, 400, NO_STORE);
}

/**
 * Rejects a form POST whose browser reports that it comes from another site, by `Sec-Fetch-Site`
 * or by an `Origin` naming another origin. Browsers send `Origin: null` here, because the
 * pages set `Referrer-Policy: no-referrer`, so `Sec-Fetch-Site` does most of the work.
 * Requests with neither header (older browsers, tools) pass: the forms need no session, so
 * a forged submission can at most start a subscription that still needs email confirmation.
 */
function sameOriginForm(siteUrl: string): MiddlewareHandler<StatusEnv> {
  const siteOrigin = URL.canParse(siteUrl) ? new URL(siteUrl).origin : null;
  return async (c, next) => {
    const fetchSite = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const foreignOrigin =
      origin !== undefined &&
      origin !== 'null' &&
      origin !== siteOrigin &&
      origin !== new URL(c.req.url).origin;
    if (fetchSite === 'cross-site' || fetchSite === 'same-site' || foreignOrigin) {
      return c.text('Forms must be submitted from the status page itself.', 403, NO_STORE);
    }
    await next();
  };
}
