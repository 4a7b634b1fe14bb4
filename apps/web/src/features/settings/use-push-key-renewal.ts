import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTRPC, useTRPCClient } from '../../lib/trpc.ts';
import {
  pushSupport,
  rememberedSubscriptionId,
  rememberSubscriptionId,
  resubscribeIfKeyChanged,
} from './web-push.ts';

/**
 * Keeps this browser's push subscription on the server's current VAPID key. After an
 * operator rotates the key, the first signed-in page load subscribes the browser again,
 * stores the new subscription with its key, and removes the old one, so pages keep
 * arriving without the person visiting the settings page. Failures are left for the next
 * load: during a rotation the server still signs pushes for the old key.
 */
export function usePushKeyRenewal(): void {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const vapid = useQuery({
    ...trpc.notifications.vapidPublicKey.queryOptions(),
    enabled: pushSupport() === 'supported',
    staleTime: Number.POSITIVE_INFINITY,
  });
  const publicKey = vapid.data?.publicKey;

  useEffect(() => {
    if (!publicKey) return;
    const renew = async () => {
      const renewed = await resubscribeIfKeyChanged(publicKey);
      if (!renewed) return;
      const stored = await client.notifications.registerPush.mutate({
        endpoint: renewed.endpoint ?? '',
        keys: { p256dh: renewed.keys?.p256dh ?? '', auth: renewed.keys?.auth ?? '' },
        userAgent: navigator.userAgent.slice(0, 512),
        applicationServerKey: publicKey,
      });
      const previousId = rememberedSubscriptionId();
      rememberSubscriptionId(stored.id);
      if (previousId && previousId !== stored.id) {
        await client.notifications.removePush
          .mutate({ subscriptionId: previousId })
          .catch(() => undefined);
      }
    };
    renew().catch(() => undefined);
  }, [publicKey, client]);
}
