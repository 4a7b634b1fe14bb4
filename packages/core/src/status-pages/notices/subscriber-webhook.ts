import { assertPublicUrl, BlockedTargetError } from '../../notifications/channels/network-guard.ts';
import type { DeliveryResult } from '../../notifications/channels/types.ts';
import { signWebhookBody } from '../../notifications/channels/webhook.ts';

export interface SubscriberWebhookSender {
  send(
    target: { url: string; secret: string },
    body: unknown,
    deliveryId: string,
  ): Promise<DeliveryResult>;
}

/**
 * Posts status notices to subscriber webhooks, signed like paging webhooks: the hex
 * HMAC-SHA256 of `<timestamp>.<body>` in `x-pagefree-signature: v1=<hex>`, with the Unix
 * timestamp in `x-pagefree-timestamp`. Redirects are not followed, and only public https
 * targets are contacted unless private network targets are allowed.
 */
export function createSubscriberWebhookSender(options: {
  allowPrivateNetworkTargets: boolean;
  timeoutMs?: number;
}): SubscriberWebhookSender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async send(target, payload, deliveryId) {
      try {
        await assertPublicUrl(target.url, {
          allowPrivateNetworkTargets: options.allowPrivateNetworkTargets,
          protocols: options.allowPrivateNetworkTargets ? ['https:', 'http:'] : ['https:'],
        });
      } catch (error) {
        if (error instanceof BlockedTargetError) {
          return { ok: false, retryable: false, error: error.message };
        }
        return { ok: false, retryable: true, error: 'Webhook host lookup failed.' };
      }

      const body = JSON.stringify(payload);
      const timestamp = Math.floor(Date.now() / 1000);
      let response: Response;
      try {
        response = await fetch(target.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'PageFree-Status-Webhook/1',
            'x-pagefree-delivery': deliveryId,
            'x-pagefree-timestamp': String(timestamp),
            'x-pagefree-signature': `v1=${signWebhookBody(target.secret, timestamp, body)}`,
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { ok: false, retryable: true, error: `Webhook request failed: ${reason}` };
      }
      await response.body?.cancel().catch(() => undefined);

      if (response.status >= 200 && response.status < 300) {
        return { ok: true, detail: `HTTP ${response.status}` };
      }
      const retryable =
        response.status === 408 || response.status === 429 || response.status >= 500;
      return { ok: false, retryable, error: `Webhook responded with HTTP ${response.status}.` };
    },
  };
}
