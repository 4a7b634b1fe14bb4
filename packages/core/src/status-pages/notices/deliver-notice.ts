import type { Db } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import { decryptSecret, type EncryptionKeys } from '../../crypto/secret-box.ts';
import type { DeliveryResult } from '../../notifications/channels/types.ts';
import type { Clock } from '../../shared/clock.ts';
import type { SubscriberTokens } from '../subscribers/subscriber-tokens.ts';
import { composeNoticeEmail, loadNoticeContent } from './notice-content.ts';
import type { SubscriberMailer } from './subscriber-mailer.ts';
import type { SubscriberWebhookSender } from './subscriber-webhook.ts';

export interface DeliverNoticeDeps {
  db: Db;
  clock: Clock;
  /** Null when no SMTP server is configured: email notices then fail for good. */
  mailer: SubscriberMailer | null;
  webhooks: SubscriberWebhookSender;
  tokens: SubscriberTokens;
  encryptionKeys: EncryptionKeys;
  statusSiteUrl: string;
  logger: Logger;
}

export type NoticeOutcome = 'sent' | 'failed' | 'cancelled' | 'skipped';

/** Thrown for a failure worth retrying; the queue retries the job with backoff. */
export class RetryableNoticeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryableNoticeError';
  }
}

/**
 * Delivers one pending notice by email or webhook. A notice that is no longer pending is
 * skipped, so a repeated job sends nothing twice; a subscriber who unsubscribed in the
 * meantime gets nothing. A retryable failure throws `RetryableNoticeError` unless this is
 * the final attempt, which records the notice as failed.
 */
export async function deliverNotice(
  deps: DeliverNoticeDeps,
  noticeId: string,
  options: { finalAttempt: boolean },
): Promise<NoticeOutcome> {
  const row = await deps.db
    .selectFrom('status_notice as notice')
    .innerJoin('status_subscriber as subscriber', 'subscriber.id', 'notice.subscriber_id')
    .innerJoin('status_notice_event as event', 'event.id', 'notice.event_id')
    .innerJoin('status_page as page', 'page.id', 'event.page_id')
    .select([
      'notice.status',
      'subscriber.id as subscriber_id',
      'subscriber.channel',
      'subscriber.email',
      'subscriber.webhook_url',
      'subscriber.secret_ciphertext',
      'subscriber.secret_key_id',
      'subscriber.token_salt',
      'subscriber.confirmed_at',
      'subscriber.unsubscribed_at',
      'event.id as event_id',
      'page.id as page_id',
      'page.name as page_name',
      'page.slug',
      'page.time_zone',
    ])
    .where('notice.id', '=', noticeId)
    .executeTakeFirst();
  if (!row || row.status !== 'pending') return 'skipped';
  if (row.unsubscribed_at || !row.confirmed_at) {
    await finish(deps.db, noticeId, 'cancelled', null, deps.clock.now());
    return 'cancelled';
  }

  const event = await deps.db
    .selectFrom('status_notice_event')
    .selectAll()
    .where('id', '=', row.event_id)
    .executeTakeFirstOrThrow();
  const page = { id: row.page_id, name: row.page_name, slug: row.slug, time_zone: row.time_zone };
  const content = await loadNoticeContent(deps.db, event, page, deps.statusSiteUrl);
  if (!content) {
    await finish(
      deps.db,
      noticeId,
      'cancelled',
      'The incident or maintenance was deleted.',
      deps.clock.now(),
    );
    return 'cancelled';
  }
  const manageToken = deps.tokens.token('manage', row.subscriber_id, row.token_salt);
  const unsubscribeUrl = `${deps.statusSiteUrl}/${row.slug}/unsubscribe?token=${manageToken}`;

  let result: DeliveryResult;
  if (row.channel === 'email') {
    if (!deps.mailer || !row.email) {
      result = { ok: false, retryable: false, error: 'No SMTP server is configured (SMTP_URL).' };
    } else {
      const body = composeNoticeEmail(content, row.page_name, unsubscribeUrl);
      result = await deps.mailer.send({
        to: row.email,
        subject: content.subject,
        text: body.text,
        html: body.html,
        unsubscribeUrl,
      });
    }
  } else {
    const secret = webhookSecret(deps.encryptionKeys, row);
    const payload = {
      ...content.webhook,
      deliveryId: noticeId,
      sentAt: deps.clock.now().toISOString(),
      unsubscribeUrl,
    };
    result =
      secret === null
        ? {
            ok: false,
            retryable: false,
            error: `The webhook signing secret could not be decrypted (key "${row.secret_key_id}"); subscribe the webhook again.`,
          }
        : await deps.webhooks.send({ url: row.webhook_url ?? '', secret }, payload, noticeId);
  }

  const now = deps.clock.now();
  if (result.ok) {
    await finish(deps.db, noticeId, 'sent', null, now);
    return 'sent';
  }
  if (result.retryable && !options.finalAttempt) {
    await deps.db
      .updateTable('status_notice')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: result.error.slice(0, 500) }))
      .where('id', '=', noticeId)
      .execute();
    throw new RetryableNoticeError(result.error);
  }
  deps.logger.warn({ noticeId, error: result.error }, 'Status notice delivery failed for good');
  await finish(deps.db, noticeId, 'failed', result.error, now);
  return 'failed';
}

/** Decrypts the webhook signing secret; null when its key is not configured or it is damaged. */
function webhookSecret(
  keys: EncryptionKeys,
  row: { subscriber_id: string; secret_ciphertext: string | null; secret_key_id: string | null },
): string | null {
  try {
    return decryptSecret(
      keys,
      { ciphertext: row.secret_ciphertext ?? '', keyId: row.secret_key_id ?? '' },
      `status-subscriber-secret:${row.subscriber_id}`,
    );
  } catch {
    return null;
  }
}

async function finish(
  db: Db,
  noticeId: string,
  status: 'sent' | 'failed' | 'cancelled',
  error: string | null,
  now: Date,
): Promise<void> {
  await db
    .updateTable('status_notice')
    .set((eb) => ({
      status,
      attempts: eb('attempts', '+', 1),
      last_error: error?.slice(0, 500) ?? null,
      ...(status === 'sent' && { sent_at: now }),
    }))
    .where('id', '=', noticeId)
    .where('status', '=', 'pending')
    .execute();
}
