import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/**
 * Cookies of the partner sign-in on the status site; the console's `pf_session` is another
 * cookie on another origin. Both are httpOnly and scoped to the page's path, so a browser
 * can hold sessions for several pages and scripts can never read them. On HTTPS they carry
 * the `__Secure-` prefix, which browsers accept only with the Secure attribute.
 */
export interface PartnerCookies {
  readSession(c: Context, slug: string): string | undefined;
  setSession(c: Context, slug: string, value: string): void;
  clearSession(c: Context, slug: string): void;
  readLink(c: Context): string | undefined;
  /** Holds a sign-in link's token between the link's GET and the confirmation POST. */
  setLink(c: Context, slug: string, value: string, maxAgeSeconds: number): void;
  clearLink(c: Context, slug: string): void;
}

const SESSION = 'pf_partner_session';
const LINK = 'pf_partner_link';
/**
 * Lifetime of the session cookie, longer than the 24-hour session it carries. The server
 * ends the session after 24 hours, and a browser that still sends the cookie then gets
 * "session expired" with a link to sign in again, instead of the not-found page that
 * anonymous visitors of a private page see.
 */
const SESSION_COOKIE_MAX_AGE_SECONDS = 30 * 86_400;

export function partnerCookies(options: { https: boolean }): PartnerCookies {
  const prefix = options.https ? ('secure' as const) : undefined;
  const secure = options.https;
  const sessionPath = (slug: string) => `/${slug}`;
  const linkPath = (slug: string) => `/${slug}/partner/sign-in`;

  return {
    readSession: (c) => getCookie(c, SESSION, prefix),
    setSession(c, slug, value) {
      // Lax, so a bookmark or a link from elsewhere opens the page signed in; every
      // state-changing partner request is a same-origin POST checked separately.
      setCookie(c, SESSION, value, {
        path: sessionPath(slug),
        httpOnly: true,
        secure,
        sameSite: 'Lax',
        maxAge: SESSION_COOKIE_MAX_AGE_SECONDS,
        ...(prefix && { prefix }),
      });
    },
    clearSession(c, slug) {
      deleteCookie(c, SESSION, { path: sessionPath(slug), secure, ...(prefix && { prefix }) });
    },
    readLink: (c) => getCookie(c, LINK, prefix),
    setLink(c, slug, value, maxAgeSeconds) {
      // Lax, not Strict: the link is opened from a mail client, another site, and Strict
      // cookies are withheld on the redirect that follows, so the confirmation page could
      // not see it. Lax still keeps it off cross-site POSTs.
      setCookie(c, LINK, value, {
        path: linkPath(slug),
        httpOnly: true,
        secure,
        sameSite: 'Lax',
        maxAge: maxAgeSeconds,
        ...(prefix && { prefix }),
      });
    },
    clearLink(c, slug) {
      deleteCookie(c, LINK, { path: linkPath(slug), secure, ...(prefix && { prefix }) });
    },
  };
}
