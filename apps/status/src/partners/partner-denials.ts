import type { Context } from 'hono';
import type { StatusEnv } from '../http/app-env.ts';
import { PARTNER_MESSAGES, renderPartnerMessage } from './partner-pages.ts';

/**
 * Reason a request with a partner credential is rejected. Each has its own status and
 * message, so a partner can tell a mistyped token from an expired or a revoked one.
 */
export type PartnerDenial =
  | { kind: 'invalid' }
  | { kind: 'expired'; expiredAt: number }
  | { kind: 'revoked' }
  | { kind: 'other_page'; pageSlug: string }
  | { kind: 'route_not_allowed'; pageSlug: string }
  | { kind: 'rate_limited'; retryAfterSeconds: number };

const NO_STORE = { 'cache-control': 'no-store' };

/**
 * Returns the JSON response for a rejected access token: the JSON API's error shape with a
 * code to branch on, and a `WWW-Authenticate` challenge (RFC 6750) on 401 and 403.
 */
export function tokenDenial(
  c: Context<StatusEnv>,
  denial: PartnerDenial,
  credential: 'token' | 'session' = 'token',
): Response {
  // A session cookie reaches the JSON routes too, so the messages name what was sent.
  const noun = credential === 'token' ? 'access token' : 'partner session';
  const Noun = credential === 'token' ? 'An access token' : 'A partner session';
  const renew =
    credential === 'token'
      ? 'Check that the whole token was copied, or ask the organisation that gave you access for a new one.'
      : 'Sign in again from the partner sign-in page.';
  const challenge = (error: string, description: string) => ({
    ...NO_STORE,
    'www-authenticate': `Bearer realm="status", error="${error}", error_description="${description}"`,
  });
  switch (denial.kind) {
    case 'invalid':
      return c.json(
        {
          error: 'invalid_token',
          message: `The ${noun} is not valid. ${renew}`,
        },
        401,
        challenge('invalid_token', `The ${noun} is not valid`),
      );
    case 'expired': {
      const expiredAt = new Date(denial.expiredAt).toISOString();
      return c.json(
        {
          error: 'token_expired',
          message: `The ${noun} expired at ${expiredAt}. ${credential === 'token' ? 'Ask the organisation that gave you access for a new one.' : 'Sign in again from the partner sign-in page.'}`,
          expired_at: expiredAt,
        },
        401,
        challenge('invalid_token', `The ${noun} expired`),
      );
    }
    case 'revoked':
      return c.json(
        {
          error: 'access_revoked',
          message: `Access with this ${noun} was revoked. Contact the organisation that gave you access if you still need it.`,
        },
        403,
        challenge('invalid_token', 'Access was revoked'),
      );
    case 'other_page':
      return c.json(
        {
          error: 'not_found',
          message: `Status page not found. This ${noun} works only for the status page at /${denial.pageSlug}.`,
        },
        404,
        NO_STORE,
      );
    case 'route_not_allowed':
      return c.json(
        {
          error: 'not_allowed',
          message: `${Noun} can only read /${denial.pageSlug}: the page, its incidents, history, JSON API and feeds, with GET.`,
        },
        403,
        challenge('insufficient_scope', 'Partner access is read-only'),
      );
    case 'rate_limited':
      return c.json(
        {
          error: 'rate_limited',
          message: `Too many requests with this ${noun} or from your address; try again in ${denial.retryAfterSeconds} seconds.`,
        },
        429,
        { ...NO_STORE, 'retry-after': String(denial.retryAfterSeconds) },
      );
    default:
      return denial satisfies never;
  }
}

/** Returns the HTML page for a rejected partner session, with the way back in. */
export async function sessionDenial(
  c: Context<StatusEnv>,
  slug: string,
  denial: PartnerDenial,
): Promise<Response> {
  switch (denial.kind) {
    case 'invalid':
      return c.html(
        await renderPartnerMessage(slug, PARTNER_MESSAGES.sessionInvalid, 'sign-in'),
        401,
        NO_STORE,
      );
    case 'expired':
      return c.html(
        await renderPartnerMessage(slug, PARTNER_MESSAGES.sessionExpired, 'sign-in'),
        401,
        NO_STORE,
      );
    case 'revoked':
      return c.html(
        await renderPartnerMessage(slug, PARTNER_MESSAGES.revoked, 'none'),
        403,
        NO_STORE,
      );
    case 'other_page':
      return c.html(
        await renderPartnerMessage(
          denial.pageSlug,
          {
            title: 'Status page not found',
            text: 'Your partner session opens one status page only, and this is not it.',
          },
          'page',
        ),
        404,
        NO_STORE,
      );
    case 'route_not_allowed':
      return c.html(
        await renderPartnerMessage(denial.pageSlug, PARTNER_MESSAGES.notAllowed, 'page'),
        403,
        NO_STORE,
      );
    case 'rate_limited':
      return c.html(
        await renderPartnerMessage(
          null,
          {
            title: 'Too many requests',
            text: `Too many requests from this session or your address; try again in ${denial.retryAfterSeconds} seconds.`,
          },
          'none',
        ),
        429,
        { ...NO_STORE, 'retry-after': String(denial.retryAfterSeconds) },
      );
    default:
      return denial satisfies never;
  }
}
