import {
  addContactMethod,
  addContactMethodInput,
  listContactMethods,
  removeContactMethod,
} from '@pagefree/core/notifications/contact-methods';
import {
  registerPushSubscription,
  registerPushSubscriptionInput,
  removePushSubscription,
  vapidFingerprint,
} from '@pagefree/core/notifications/push-subscriptions';
import { sendTestPush } from '@pagefree/core/notifications/send-test-push';
import { z } from 'zod';
import { authedProcedure, callerOf, router } from '../trpc.ts';

// The signed-in user's own paging channels; sessions only (no scope), since an API key
// that could add a webhook could redirect its owner's pages.
export const notificationsRouter = router({
  settings: authedProcedure.query(({ ctx }) =>
    listContactMethods(ctx.deps.db, ctx.principal.userId),
  ),
  /** The current VAPID public key and its fingerprint; browsers subscribed with another key subscribe again. */
  vapidPublicKey: authedProcedure.query(({ ctx }) => ({
    publicKey: ctx.deps.vapidPublicKey,
    fingerprint: vapidFingerprint(ctx.deps.vapidPublicKey),
  })),
  addContactMethod: authedProcedure
    .input(addContactMethodInput)
    .mutation(({ ctx, input }) => addContactMethod(ctx.deps, callerOf(ctx), input)),
  removeContactMethod: authedProcedure
    .input(z.object({ contactMethodId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      await removeContactMethod(ctx.deps.db, callerOf(ctx), input.contactMethodId);
      return { ok: true };
    }),
  registerPush: authedProcedure
    .input(registerPushSubscriptionInput)
    .mutation(({ ctx, input }) =>
      registerPushSubscription(ctx.deps.db, callerOf(ctx), input, ctx.deps.vapidPublicKey),
    ),
  removePush: authedProcedure
    .input(z.object({ subscriptionId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      await removePushSubscription(ctx.deps.db, callerOf(ctx), input.subscriptionId);
      return { ok: true };
    }),
  /** Sends a test notification to every browser of the caller; returns one result per browser. */
  sendTestPush: authedProcedure.mutation(({ ctx }) =>
    sendTestPush(
      {
        db: ctx.deps.db,
        clock: ctx.deps.clock,
        push: ctx.deps.push,
        publicUrl: ctx.deps.publicUrl,
      },
      callerOf(ctx),
    ),
  ),
});
