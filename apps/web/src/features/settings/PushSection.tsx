import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { InlineError } from '../../components/States.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { type RouterOutputs, useTRPC, useTRPCClient } from '../../lib/trpc.ts';
import {
  currentSubscription,
  describeUserAgent,
  pushSupport,
  rememberedSubscriptionId,
  rememberSubscriptionId,
  subscribeThisBrowser,
} from './web-push.ts';

type PushSubscriptionRow = RouterOutputs['notifications']['settings']['pushSubscriptions'][number];

const SUPPORT_TEXT = {
  'insecure-context':
    'Push needs a secure connection. Open PageFree over HTTPS (or on localhost) to enable it.',
  unsupported:
    'This browser cannot receive push notifications. On iPhone and iPad, add PageFree to the Home Screen first; elsewhere use a current Chrome, Edge, Firefox or Safari, or rely on email and webhooks.',
} as const;

/**
 * Turns Web Push on or off for this browser and sends test pushes. Enabling requests
 * permission, registers the service worker and stores the subscription on the server. The
 * section also lists every browser the user registered.
 */
export function PushSection({ subscriptions }: { subscriptions: PushSubscriptionRow[] }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  const support = pushSupport();
  const [browserSubscribed, setBrowserSubscribed] = useState<boolean | null>(null);
  const vapid = useQuery({
    ...trpc.notifications.vapidPublicKey.queryOptions(),
    enabled: support === 'supported',
    staleTime: Number.POSITIVE_INFINITY,
  });

  const thisBrowserId = rememberedSubscriptionId();
  const registeredHere = subscriptions.some((row) => row.id === thisBrowserId);
  const enabledHere = browserSubscribed === true && registeredHere;

  useEffect(() => {
    void currentSubscription().then((subscription) => setBrowserSubscribed(subscription !== null));
  }, []);

  const refreshSettings = () =>
    queryClient.invalidateQueries(trpc.notifications.settings.queryFilter());

  const enable = useMutation({
    mutationFn: async () => {
      if (!vapid.data) throw new Error('The server’s push key is not loaded yet; try again.');
      const subscription = await subscribeThisBrowser(vapid.data.publicKey);
      const stored = await client.notifications.registerPush.mutate({
        endpoint: subscription.endpoint ?? '',
        keys: {
          p256dh: subscription.keys?.p256dh ?? '',
          auth: subscription.keys?.auth ?? '',
        },
        userAgent: navigator.userAgent.slice(0, 512),
        applicationServerKey: vapid.data.publicKey,
      });
      rememberSubscriptionId(stored.id);
    },
    onSuccess: () => {
      setBrowserSubscribed(true);
      toast.show('success', 'Push notifications are on in this browser.');
    },
    onSettled: refreshSettings,
  });

  const disable = useMutation({
    mutationFn: async () => {
      const subscription = await currentSubscription();
      await subscription?.unsubscribe();
      if (thisBrowserId && registeredHere) {
        await client.notifications.removePush.mutate({ subscriptionId: thisBrowserId });
      }
      rememberSubscriptionId(null);
    },
    onSuccess: () => {
      setBrowserSubscribed(false);
      toast.show('success', 'Push notifications are off in this browser.');
    },
    onSettled: refreshSettings,
  });

  const sendTest = useMutation(
    trpc.notifications.sendTestPush.mutationOptions({
      onSuccess: (results) => {
        const failed = results.filter((result) => !result.ok);
        if (failed.length === 0) {
          toast.show(
            'success',
            `Test sent to ${results.length} browser${results.length === 1 ? '' : 's'}.`,
          );
        } else {
          toast.show(
            'error',
            `Test failed for ${failed.length} of ${results.length} browsers: ${failed.map((result) => result.error).join(' ')}`,
          );
        }
      },
      onSettled: refreshSettings,
    }),
  );

  const remove = useMutation(
    trpc.notifications.removePush.mutationOptions({
      onSuccess: (_result, { subscriptionId }) => {
        if (subscriptionId === thisBrowserId) rememberSubscriptionId(null);
        toast.show('success', 'Browser removed; it no longer receives pages.');
      },
      onSettled: refreshSettings,
    }),
  );

  return (
    <section className="card" aria-labelledby="push-title">
      <h2 id="push-title">Push notifications</h2>
      {support !== 'supported' ? (
        <p className="notice">{SUPPORT_TEXT[support]}</p>
      ) : (
        <>
          <p className="status-line">
            <span className={enabledHere ? 'badge badge-on' : 'badge badge-off'}>
              <span aria-hidden="true">{enabledHere ? '✓ ' : '○ '}</span>
              {enabledHere ? 'On in this browser' : 'Off in this browser'}
            </span>
            {typeof Notification !== 'undefined' && Notification.permission === 'denied' ? (
              <span className="warning-text">
                Notifications are blocked for this site; allow them in the browser’s site settings.
              </span>
            ) : null}
          </p>
          <div className="form-actions">
            {enabledHere ? (
              <button
                type="button"
                className="button"
                onClick={() => disable.mutate()}
                disabled={disable.isPending}
              >
                Turn off in this browser
              </button>
            ) : (
              <button
                type="button"
                className="button button-primary"
                onClick={() => enable.mutate()}
                disabled={enable.isPending || vapid.isPending}
              >
                {enable.isPending ? 'Enabling…' : 'Enable push in this browser'}
              </button>
            )}
            <button
              type="button"
              className="button"
              onClick={() => sendTest.mutate()}
              disabled={sendTest.isPending || subscriptions.length === 0}
            >
              {sendTest.isPending ? 'Sending…' : 'Send test push'}
            </button>
          </div>
          {enable.error ? (
            <p className="inline-error" role="alert">
              {errorMessage(enable.error)}
            </p>
          ) : null}
          <InlineError error={disable.error ?? sendTest.error ?? vapid.error} />
        </>
      )}

      <h3>Registered browsers</h3>
      {subscriptions.length === 0 ? (
        <p className="muted">No browser receives your pages by push yet.</p>
      ) : (
        <ul className="item-list" aria-label="Registered browsers">
          {subscriptions.map((row) => (
            <li key={row.id} className="item">
              <div>
                <strong>{describeUserAgent(row.userAgent)}</strong>
                {row.id === thisBrowserId ? <span className="badge">This browser</span> : null}
                <div className="muted small">
                  Added {formatDateTime(row.createdAt)} ·{' '}
                  {row.lastSuccessAt
                    ? `last delivered ${formatDateTime(row.lastSuccessAt)}`
                    : 'nothing delivered yet'}
                </div>
              </div>
              <button
                type="button"
                className="button button-small button-quiet"
                disabled={remove.isPending}
                onClick={() => remove.mutate({ subscriptionId: row.id })}
                aria-label={`Remove ${describeUserAgent(row.userAgent)} added ${formatDateTime(row.createdAt)}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <InlineError error={remove.error} />
    </section>
  );
}
