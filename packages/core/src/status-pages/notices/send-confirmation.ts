import type { Db } from '@pagefree/db';
import { escapeHtml } from '../../notifications/channels/email.ts';
import type { Clock } from '../../shared/clock.ts';
import type { SubscriberTokens } from '../subscribers/subscriber-tokens.ts';
import { RetryableNoticeError } from './deliver-notice.ts';
import { formatInstant } from './notice-content.ts';
import type { SubscriberMailer } from './subscriber-mailer.ts';

/**
 * Sends the double opt-in email of a pending email subscription. The link opens a page
 * whose button confirms by POST, so a mail scanner that follows the link confirms nothing.
 * Nothing is sent once the subscription is confirmed, unsubscribed or expired.
 */
export async function sendSubscriptionConfirmation(
  deps: {
    db: Db;
    clock: Clock;
    mailer: SubscriberMailer | null;
    tokens: SubscriberTokens;
    statusSiteUrl: string;
  },
  subscriberId: string,
  options: { finalAttempt: boolean },
): Promise<'sent' | 'skipped' | 'failed'> {
  const row = await deps.db
    .selectFrom('status_subscriber as subscriber')
    .innerJoin('status_page as page', 'page.id', 'subscriber.page_id')
    .select([
      'subscriber.email',
      'subscriber.token_salt',
      'subscriber.confirmed_at',
      'subscriber.unsubscribed_at',
      'subscriber.confirm_expires_at',
      'page.name',
      'page.slug',
      'page.time_zone',
    ])
    .where('subscriber.id', '=', subscriberId)
    .where('subscriber.channel', '=', 'email')
    .executeTakeFirst();
  const now = deps.clock.now();
  if (!row?.email || row.confirmed_at || row.unsubscribed_at) return 'skipped';
  if (!row.confirm_expires_at || row.confirm_expires_at <= now) return 'skipped';
  if (!deps.mailer) return 'failed';

  const token = deps.tokens.token('confirm', subscriberId, row.token_salt);
  const url = `${deps.statusSiteUrl}/${row.slug}/subscription/confirm?token=${token}`;
  const text = [
    `Confirm that you want updates from ${row.name}:`,
    '',
    url,
    '',
    `The link works until ${formatInstant(row.confirm_expires_at, row.time_zone)}.`,
    'If you did not ask for this, ignore this email and nothing will be sent.',
    '',
  ].join('\n');
  const result = await deps.mailer.send({
    to: row.email,
    subject: `Confirm your subscription to ${row.name}`,
    text,
    html: `<!doctype html><html><body><p>Confirm that you want updates from ${escapeHtml(row.name)}:</p><p><a href="${escapeHtml(url)}">Confirm subscription</a></p><p>If you did not ask for this, ignore this email and nothing will be sent.</p></body></html>`,
    unsubscribeUrl: null,
  });
  if (result.ok) return 'sent';
  if (result.retryable && !options.finalAttempt) throw new RetryableNoticeError(result.error);
  return 'failed';
}
