import { ASSETS } from '../render/assets.ts';
import { type Child, h, renderToString } from '../render/h.ts';
import { renderMessagePage } from '../render/message-page.ts';

// Pages of the partner sign-in. None of them names the status page, and each is the same
// for every slug, so they cannot confirm to an anonymous visitor that a private page exists.

const signInPath = (slug: string) => `/${slug}/partner/sign-in`;

const signInLink = (slug: string, text = 'Request a new sign-in link') =>
  h('p', null, h('a', { href: signInPath(slug) }, text));

export function renderSignInForm(
  slug: string,
  options: { email?: string; problem?: string } = {},
): Promise<string> {
  return renderMessagePage({
    snapshot: null,
    title: 'Partner sign-in',
    body: [
      h(
        'p',
        null,
        'Partners with access to this status page sign in with their email address. We email you a link that works once, for 15 minutes.',
      ),
      h(
        'form',
        { method: 'post', action: signInPath(slug) },
        h('label', { for: 'partner-email' }, 'Email address'),
        // The field in a block of its own, so the button always starts on the next line.
        h(
          'div',
          null,
          h('input', {
            id: 'partner-email',
            type: 'email',
            name: 'email',
            required: true,
            autocomplete: 'email',
            value: options.email ?? '',
            'aria-describedby': options.problem ? 'partner-email-error' : undefined,
            'aria-invalid': options.problem ? 'true' : undefined,
          }),
          options.problem
            ? h('p', { class: 'field-error', id: 'partner-email-error' }, options.problem)
            : null,
        ),
        h('button', { type: 'submit' }, 'Email me a sign-in link'),
      ),
      h(
        'p',
        { class: 'muted' },
        'Programs use an access token in the Authorization header instead; the organisation that gave you access issues them.',
      ),
    ],
  });
}

export function renderSignInSent(slug: string): Promise<string> {
  return renderMessagePage({
    snapshot: null,
    title: 'Check your email',
    body: [
      h(
        'p',
        null,
        'If this address has access to the status page, a sign-in link is on its way. It works once, within 15 minutes. Open it in this browser and press Sign in.',
      ),
      signInLink(slug, 'Request another link'),
    ],
  });
}

/**
 * Renders the page the email's link opens. It moves on to the confirmation page with a
 * zero-delay refresh, which browsers perform as a replacing navigation (HTML standard,
 * shared declarative refresh steps), and offers a link for browsers that do not.
 */
export async function renderLinkForward(slug: string): Promise<string> {
  const confirm = `${signInPath(slug)}/confirm`;
  const document = h(
    'html',
    { lang: 'en' },
    h(
      'head',
      null,
      h('meta', { charset: 'utf-8' }),
      h('meta', { 'http-equiv': 'refresh', content: `0;url=${confirm}` }),
      h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      h('title', null, 'Continue to sign in'),
      h('link', { rel: 'icon', href: 'data:,' }),
      h('link', { rel: 'stylesheet', href: ASSETS.stylesheet.path }),
    ),
    h(
      'body',
      null,
      h(
        'main',
        { id: 'main', class: 'wrap' },
        h('h1', null, 'Continue to sign in'),
        h('div', { class: 'card' }, h('p', null, h('a', { href: confirm }, 'Continue'))),
      ),
    ),
  );
  return `<!doctype html>${await renderToString(document)}`;
}

export function renderConfirmPage(slug: string, hasLink: boolean): Promise<string> {
  if (!hasLink) {
    return renderMessagePage({
      snapshot: null,
      title: 'Open the link from your email',
      body: [
        h(
          'p',
          null,
          'Signing in needs the link from your email, opened in this browser. Each link works once, for 15 minutes.',
        ),
        signInLink(slug),
      ],
    });
  }
  return renderMessagePage({
    snapshot: null,
    title: 'Sign in',
    body: [
      h('p', null, 'Press the button to sign in to this status page. Your session lasts 24 hours.'),
      h(
        'form',
        { method: 'post', action: `${signInPath(slug)}/confirm` },
        h('button', { type: 'submit' }, 'Sign in'),
      ),
    ],
  });
}

/** Texts of the sign-in outcomes and of denied partner sessions on page routes. */
export const PARTNER_MESSAGES = {
  linkExpired: {
    title: 'Sign-in link expired',
    text: 'Sign-in links work for 15 minutes. Request a new one.',
  },
  linkUsed: {
    title: 'Sign-in link already used',
    text: 'Each sign-in link works once. If you signed in with it, open the status page; otherwise request a new link.',
  },
  linkInvalid: {
    title: 'Sign-in link not valid',
    text: 'This sign-in link is not valid for this page. Open the whole link from the email, or request a new one.',
  },
  revoked: {
    title: 'Access revoked',
    text: 'Your access to this status page was withdrawn. Contact the organisation that gave you access if you still need it.',
  },
  sessionInvalid: {
    title: 'Signed out',
    text: 'Your partner session is not valid any more. Sign in again to see this status page.',
  },
  sessionExpired: {
    title: 'Session expired',
    text: 'Partner sessions last 24 hours. Sign in again to continue.',
  },
  notAllowed: {
    title: 'Not available with partner access',
    text: 'Partner access lets you read this status page: its current status, incidents, maintenance, history, JSON API and feeds. Nothing else is available while you are signed in as a partner.',
  },
  signedOut: {
    title: 'Signed out',
    text: 'You are signed out of the status page.',
  },
} as const;

/** Renders one of `PARTNER_MESSAGES`, with a way back in where one exists. */
export function renderPartnerMessage(
  slug: string | null,
  message: { title: string; text: string },
  action: 'sign-in' | 'page' | 'none',
): Promise<string> {
  const next: Child =
    slug === null || action === 'none'
      ? null
      : action === 'sign-in'
        ? signInLink(slug, 'Sign in')
        : h('p', null, h('a', { href: `/${slug}` }, 'Back to the status page'));
  return renderMessagePage({
    snapshot: null,
    title: message.title,
    body: [h('p', null, message.text), next],
  });
}
