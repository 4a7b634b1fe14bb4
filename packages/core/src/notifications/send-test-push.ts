import type { Db } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { actorOf } from '../auth/principal.ts';
import type { Caller } from '../shared/caller.ts';
import type { Clock } from '../shared/clock.ts';
import { ConflictError } from '../shared/errors.ts';
import type { PageMessage, PushChannel } from './channels/index.ts';

export interface SendTestPushDeps {
  db: Db;
  clock: Clock;
  push: PushChannel;
  publicUrl: string;
}

export interface TestPushResult {
  subscriptionId: string;
  userAgent: string | null;
  ok: boolean;
  /** The push service's response when delivery failed, for the person to act on. */
  error: string | null;
  /** True when the push service reported the subscription gone, so it was removed. */
  removed: boolean;
}

/**
 * Sends a test notification to each of the caller's push subscriptions, directly and at
 * once, so a person can check a browser before they go on call. It creates no incident and
 * no notification rows. The message has an empty incident number and no ack token, which
 * the service worker shows as a test without an Acknowledge button.
 */
export async function sendTestPush(
  deps: SendTestPushDeps,
  caller: Caller,
): Promise<TestPushResult[]> {
  const subscriptions = await deps.db
    .selectFrom('push_subscription')
    .select(['id', 'endpoint', 'p256dh', 'auth', 'user_agent', 'vapid_fingerprint'])
    .where('user_id', '=', caller.principal.userId)
    .orderBy('created_at')
    .execute();
  if (subscriptions.length === 0) {
    throw new ConflictError(
      'No browser of yours is registered for push; enable push notifications in this browser first.',
    );
  }

  const message: PageMessage = {
    incidentId: '',
    incidentNumber: '',
    title: 'Test notification from PageFree',
    severity: 'info',
    priority: 'P5',
    status: 'test',
    serviceName: 'PageFree',
    url: `${deps.publicUrl}/settings`,
    ackToken: null,
  };

  const results: TestPushResult[] = [];
  for (const subscription of subscriptions) {
    const result = await deps.push.send(
      { ...subscription, vapidFingerprint: subscription.vapid_fingerprint },
      message,
    );
    if (result.ok) {
      await deps.db
        .updateTable('push_subscription')
        .set({ last_success_at: deps.clock.now() })
        .where('id', '=', subscription.id)
        .execute();
    } else if (result.gone) {
      await deps.db.deleteFrom('push_subscription').where('id', '=', subscription.id).execute();
    }
    results.push({
      subscriptionId: subscription.id,
      userAgent: subscription.user_agent,
      ok: result.ok,
      error: result.ok ? null : result.error,
      removed: !result.ok && result.gone === true,
    });
  }

  const sent = results.filter((result) => result.ok).length;
  await recordAuditEvent(deps.db, actorOf(caller.principal, caller.ip), {
    action: 'notification.test_push_sent',
    resourceType: 'user',
    resourceId: caller.principal.userId,
    metadata: { sent, failed: results.length - sent },
  });
  return results;
}
