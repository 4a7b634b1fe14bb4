import { vapidFingerprint } from '@pagefree/config';
import { type Db, withTransaction } from '@pagefree/db';
import { z } from 'zod';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { actorOf } from '../auth/principal.ts';
import type { Caller } from '../shared/caller.ts';
import { NotFoundError } from '../shared/errors.ts';

export { vapidFingerprint };

const base64url = (field: string, bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, `${field} must be URL-safe base64`)
    .refine(
      (value) => Buffer.from(value, 'base64url').length === bytes,
      `${field} must decode to ${bytes} bytes`,
    );

/** A browser PushSubscription as `subscription.toJSON()` returns it. */
export const registerPushSubscriptionInput = z.object({
  endpoint: z
    .url({ message: 'endpoint must be an absolute URL' })
    .max(2000)
    .refine(
      (value) => value.startsWith('https://'),
      'endpoint must be an https:// URL from the browser’s push service',
    ),
  keys: z.object({ p256dh: base64url('keys.p256dh', 65), auth: base64url('keys.auth', 16) }),
  userAgent: z.string().max(512).nullable().default(null),
  /**
   * The VAPID public key the browser subscribed with (`subscription.options.applicationServerKey`
   * in URL-safe base64). Absent means the server's current key.
   */
  applicationServerKey: base64url('applicationServerKey', 65).optional(),
});

/**
 * Stores this browser's push subscription for the signed-in user, with the fingerprint of
 * the VAPID key it was made with. An endpoint is unique to one browser profile, so
 * registering it again (another user signs in there, or the browser subscribed again with a
 * new key) moves or updates it.
 */
export async function registerPushSubscription(
  db: Db,
  caller: Caller,
  input: z.output<typeof registerPushSubscriptionInput>,
  currentVapidPublicKey?: string,
) {
  const keyUsed = input.applicationServerKey ?? currentVapidPublicKey;
  const fingerprint = keyUsed ? vapidFingerprint(keyUsed) : null;
  return withTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('push_subscription')
      .values({
        user_id: caller.principal.userId,
        endpoint: input.endpoint,
        p256dh: input.keys.p256dh,
        auth: input.keys.auth,
        user_agent: input.userAgent,
        vapid_fingerprint: fingerprint,
      })
      .onConflict((conflict) =>
        conflict.column('endpoint').doUpdateSet({
          user_id: caller.principal.userId,
          p256dh: input.keys.p256dh,
          auth: input.keys.auth,
          user_agent: input.userAgent,
          vapid_fingerprint: fingerprint,
        }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, actorOf(caller.principal, caller.ip), {
      action: 'push_subscription.registered',
      resourceType: 'push_subscription',
      resourceId: row.id,
    });
    return { id: row.id };
  });
}

export async function removePushSubscription(db: Db, caller: Caller, subscriptionId: string) {
  await withTransaction(db, async (trx) => {
    const removed = await trx
      .deleteFrom('push_subscription')
      .where('id', '=', subscriptionId)
      .where('user_id', '=', caller.principal.userId)
      .returning('id')
      .executeTakeFirst();
    if (!removed) throw new NotFoundError('Push subscription', subscriptionId);
    await recordAuditEvent(trx, actorOf(caller.principal, caller.ip), {
      action: 'push_subscription.removed',
      resourceType: 'push_subscription',
      resourceId: subscriptionId,
    });
  });
}
