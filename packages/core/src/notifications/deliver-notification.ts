import { type Db, type Notification, withTransaction } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import { SYSTEM_ACTOR } from '../auth/principal.ts';
import { decryptSecret, type EncryptionKeys } from '../crypto/secret-box.ts';
import type { AckTokenSigner } from '../incidents/ack-token.ts';
import { recordIncidentEvent } from '../incidents/record-incident-event.ts';
import { notificationDeliveries, pageDeliverySeconds } from '../observability/metrics.ts';
import type { Clock } from '../shared/clock.ts';
import type {
  DeliveryResult,
  EmailChannel,
  PageMessage,
  PushChannel,
  WebhookChannel,
} from './channels/index.ts';
import { webhookSecretContext } from './contact-methods.ts';

export interface DeliveryChannels {
  push: PushChannel;
  /** Null when no SMTP server is configured; email notifications then fail at once. */
  email: EmailChannel | null;
  webhook: WebhookChannel;
}

export interface DeliverDeps {
  db: Db;
  clock: Clock;
  channels: DeliveryChannels;
  encryptionKeys: EncryptionKeys;
  ackTokens: AckTokenSigner;
  publicUrl: string;
  logger: Logger;
}

/** Thrown to make the queue retry a delivery with backoff. */
export class RetryableDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryableDeliveryError';
  }
}

export type DeliveryOutcome = 'sent' | 'failed' | 'cancelled' | 'skipped';

/**
 * Sends one notification on its channel and records the outcome. Returns when the
 * notification reached a final state; throws RetryableDeliveryError when the channel failed
 * in a way worth retrying and `finalAttempt` is false.
 *
 * Escalation pages are cancelled once the incident is acknowledged or resolved;
 * reassignment pages still go to the new assignee of an acknowledged incident.
 */
export async function deliverNotification(
  deps: DeliverDeps,
  notificationId: string,
  options: { finalAttempt: boolean },
): Promise<DeliveryOutcome> {
  const notification = await deps.db
    .selectFrom('notification')
    .selectAll()
    .where('id', '=', notificationId)
    .executeTakeFirst();
  if (!notification || notification.status !== 'pending') return 'skipped';

  const incident = await deps.db
    .selectFrom('incident')
    .innerJoin('service', 'service.id', 'incident.service_id')
    .select([
      'incident.id',
      'incident.number',
      'incident.title',
      'incident.severity',
      'incident.priority',
      'incident.status',
      'service.name as service_name',
    ])
    .where('incident.id', '=', notification.incident_id)
    .executeTakeFirstOrThrow();
  const isEscalation = notification.page_key.startsWith('escalation:');
  if (incident.status === 'resolved' || (isEscalation && incident.status !== 'triggered')) {
    await finish(deps, notification, 'cancelled', null);
    notificationDeliveries.inc({ channel: notification.channel, outcome: 'cancelled' });
    return 'cancelled';
  }

  const now = deps.clock.now();
  const message: PageMessage = {
    incidentId: incident.id,
    incidentNumber: String(incident.number),
    title: incident.title,
    severity: incident.severity,
    priority: incident.priority,
    status: incident.status,
    serviceName: incident.service_name,
    url: `${deps.publicUrl}/incidents/${incident.id}`,
    ackToken: deps.ackTokens.create(incident.id, notification.user_id, now),
  };

  let result: DeliveryResult;
  try {
    result = await send(deps, notification, message);
  } catch (error) {
    if (!(error instanceof ClaimedElsewhereError)) throw error;
    // Another job holds the lease: a duplicate queued after Redis lost its jobs, or a retry
    // racing a slow first attempt. Retrying later finds the page sent, or the lease expired.
    if (options.finalAttempt) return 'skipped';
    throw new RetryableDeliveryError(
      'Another worker is delivering this notification; retrying later',
    );
  }
  const channel = notification.channel;
  // The page has left, so its outcome must be stored even through a database restart: a
  // thrown error here would make the queue retry and send the page a second time.
  await untilStored(deps, notification.id, () =>
    withTransaction(deps.db, async (trx) => {
      await trx
        .updateTable('notification')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          last_error: result.ok ? null : result.error.slice(0, 500),
          // A failed attempt gives the lease back, so its retry need not wait for it to expire.
          ...(!result.ok && { claimed_until: null }),
        }))
        .where('id', '=', notification.id)
        .execute();
      if (result.ok) await finish({ ...deps, db: trx }, notification, 'sent', null);
    }),
  );

  if (result.ok) {
    notificationDeliveries.inc({ channel, outcome: 'sent' });
    pageDeliverySeconds.observe(
      { channel },
      (Date.now() - notification.created_at.getTime()) / 1000,
    );
    return 'sent';
  }
  if (result.retryable && !options.finalAttempt) {
    notificationDeliveries.inc({ channel, outcome: 'retry' });
    throw new RetryableDeliveryError(result.error);
  }
  await finish(deps, notification, 'failed', result.error);
  notificationDeliveries.inc({ channel, outcome: 'failed' });
  return 'failed';
}

/**
 * How long a delivery lease lasts. It must outlast one send: push and webhook requests time
 * out after 10 s, an email after at most about 50 s (connect, greeting and socket timeouts).
 * When a worker dies mid-send, another may send the page again once the lease expires. That
 * is the only case a page can arrive twice.
 */
const DELIVERY_LEASE_MS = 60_000;

/** Takes the delivery lease of a pending notification; false when another worker holds it. */
async function claim(deps: DeliverDeps, notificationId: string, now: Date): Promise<boolean> {
  const claimed = await deps.db
    .updateTable('notification')
    .set({ claimed_until: new Date(now.getTime() + DELIVERY_LEASE_MS) })
    .where('id', '=', notificationId)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .returning('id')
    .executeTakeFirst();
  return claimed !== undefined;
}

/** How long a delivery keeps retrying to store its outcome before giving up. */
const STORE_OUTCOME_DEADLINE_MS = 60_000;

/**
 * Runs `write` until it succeeds, waiting 250 ms and then up to 2 s between attempts. After
 * one minute it throws the last error. A PostgreSQL restart takes seconds, so an outcome
 * written after a page was sent survives it.
 */
async function untilStored(deps: DeliverDeps, notificationId: string, write: () => Promise<void>) {
  const deadline = Date.now() + STORE_OUTCOME_DEADLINE_MS;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await write();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      if (attempt === 1) {
        deps.logger.warn(
          { err: error, notificationId },
          'Storing a delivery outcome failed; retrying so the page is not sent twice',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(250 * attempt, 2_000)));
    }
  }
}

/** Thrown by `send` when another job holds the notification's delivery lease. */
class ClaimedElsewhereError extends Error {}

/**
 * Loads the notification's target and sends the page to it. The delivery lease is taken just
 * before the channel call, after the lookups, so a lookup failing (the database restarting,
 * say) leaves no lease behind to delay the retry.
 */
async function send(
  deps: DeliverDeps,
  notification: Notification,
  message: PageMessage,
): Promise<DeliveryResult> {
  const claimLease = async () => {
    if (!(await claim(deps, notification.id, deps.clock.now()))) throw new ClaimedElsewhereError();
  };
  switch (notification.channel) {
    case 'push': {
      const subscription = await deps.db
        .selectFrom('push_subscription')
        .select(['id', 'endpoint', 'p256dh', 'auth', 'vapid_fingerprint'])
        .where('id', '=', notification.target_id)
        .executeTakeFirst();
      if (!subscription)
        return { ok: false, retryable: false, error: 'The push subscription was removed' };
      await claimLease();
      const result = await deps.channels.push.send(
        { ...subscription, vapidFingerprint: subscription.vapid_fingerprint },
        message,
      );
      if (result.ok) {
        // Bookkeeping only: the page is out, so a failure here must not fail the delivery,
        // whose retry would send the page a second time.
        await deps.db
          .updateTable('push_subscription')
          .set({ last_success_at: deps.clock.now() })
          .where('id', '=', subscription.id)
          .execute()
          .catch((error: unknown) =>
            deps.logger.warn(
              { err: error, notificationId: notification.id },
              'Recording the push subscription’s last success failed',
            ),
          );
      } else if (result.gone) {
        // The browser unsubscribed or the subscription expired: drop it so later pages skip it.
        await deps.db.deleteFrom('push_subscription').where('id', '=', subscription.id).execute();
      }
      return result;
    }
    case 'email': {
      const contact = await loadContact(deps, notification.target_id);
      if (!contact)
        return { ok: false, retryable: false, error: 'The email contact method was removed' };
      if (!deps.channels.email)
        return {
          ok: false,
          retryable: false,
          error: 'Email is not configured on this server (SMTP_URL is unset)',
        };
      await claimLease();
      return deps.channels.email.send(contact.address, message);
    }
    case 'webhook': {
      const contact = await loadContact(deps, notification.target_id);
      if (!contact?.secret_ciphertext || !contact.secret_key_id) {
        return { ok: false, retryable: false, error: 'The webhook contact method was removed' };
      }
      const secret = decryptSecret(
        deps.encryptionKeys,
        { ciphertext: contact.secret_ciphertext, keyId: contact.secret_key_id },
        webhookSecretContext(contact.id),
      );
      await claimLease();
      return deps.channels.webhook.send({ url: contact.address, secret }, message, notification.id);
    }
    default: {
      const unreachable: never = notification.channel;
      return { ok: false, retryable: false, error: `Unknown channel ${String(unreachable)}` };
    }
  }
}

function loadContact(deps: DeliverDeps, contactMethodId: string) {
  return deps.db
    .selectFrom('contact_method')
    .select(['id', 'address', 'secret_ciphertext', 'secret_key_id'])
    .where('id', '=', contactMethodId)
    .where('enabled', '=', true)
    .executeTakeFirst();
}

async function finish(
  deps: DeliverDeps,
  notification: Notification,
  status: 'sent' | 'failed' | 'cancelled',
  error: string | null,
) {
  const now = deps.clock.now();
  const updated = await deps.db
    .updateTable('notification')
    .set({ status, sent_at: status === 'sent' ? now : null })
    .where('id', '=', notification.id)
    .where('status', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
  if (!updated || status === 'cancelled') return;

  const type = status === 'sent' ? 'notification_sent' : 'notification_failed';
  await recordIncidentEvent(deps.db, notification.incident_id, type, SYSTEM_ACTOR, {
    channel: notification.channel,
    userId: notification.user_id,
    ...(error && { error: error.slice(0, 200) }),
  });
  const fields = { incidentId: notification.incident_id, channel: notification.channel, status };
  if (status === 'sent') {
    deps.logger.info(fields, 'Notification delivered');
  } else {
    // A page that could not be delivered is an operational problem someone must see.
    deps.logger.error({ ...fields, error }, 'Notification failed after its last attempt');
  }
}
