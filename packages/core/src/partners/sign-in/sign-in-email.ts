import { escapeHtml } from '../../notifications/channels/email.ts';
import { formatInstant } from '../../status-pages/notices/notice-content.ts';
import type { SubscriberEmail } from '../../status-pages/notices/subscriber-mailer.ts';

/**
 * Builds the magic-link email. The link opens a confirmation page on the status site, and
 * signing in takes a press of its button, because mail scanners open links too.
 */
export function signInEmail(input: {
  to: string;
  pageName: string;
  url: string;
  expiresAt: Date;
  timeZone: string;
}): SubscriberEmail {
  const until = formatInstant(input.expiresAt, input.timeZone);
  const text = [
    `Use this link to sign in to the ${input.pageName} status page:`,
    '',
    input.url,
    '',
    `The link works once, until ${until}. It opens a page with a Sign in button; nothing happens until you press it.`,
    'If you did not ask to sign in, ignore this email. Nobody can sign in without the link.',
    '',
  ].join('\n');
  const html = [
    '<!doctype html><html><body>',
    `<p>Use this link to sign in to the ${escapeHtml(input.pageName)} status page:</p>`,
    `<p><a href="${escapeHtml(input.url)}">Sign in to ${escapeHtml(input.pageName)}</a></p>`,
    `<p>The link works once, until ${escapeHtml(until)}. It opens a page with a Sign in button; nothing happens until you press it.</p>`,
    '<p>If you did not ask to sign in, ignore this email. Nobody can sign in without the link.</p>',
    '</body></html>',
  ].join('');
  return {
    to: input.to,
    subject: `Sign in to the ${input.pageName} status page`,
    text,
    html,
    unsubscribeUrl: null,
  };
}
