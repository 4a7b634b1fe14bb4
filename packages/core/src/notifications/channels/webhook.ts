import { createHmac } from 'node:crypto';
import { assertPublicUrl, BlockedTargetError } from './network-guard.ts';
import type { DeliveryResult, PageMessage, WebhookTarget } from './types.ts';

export interface WebhookChannelOptions {
  /**
   * Allows loopback and private addresses, and plain http. Without it, only https URLs
   * that resolve to public addresses are contacted.
   */
  allowPrivateNetworkTargets: boolean;
  /** Deadline for the whole request in milliseconds, connection to response headers. */
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

export interface WebhookChannel {
  send(target: WebhookTarget, message: PageMessage, deliveryId: string): Promise<DeliveryResult>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_STATUS_TEXT_LENGTH = 200;

/**
 * Computes the hex HMAC-SHA256 of `<timestamp>.<body>` with the webhook secret. The
 * `x-pagefree-signature` header carries it as `v1=<hex>`. Receivers recompute it over the
 * raw body and the `x-pagefree-timestamp` header, and should reject old timestamps.
 */
export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** Creates the webhook channel: one signed JSON POST per page, redirects not followed. */
export function createWebhookChannel(options: WebhookChannelOptions): WebhookChannel {
  const fetchImpl = options.fetchImpl ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return {
    async send(target, message, deliveryId) {
      try {
        await assertPublicUrl(target.url, {
          allowPrivateNetworkTargets: options.allowPrivateNetworkTargets,
          protocols: options.allowPrivateNetworkTargets ? ['https:', 'http:'] : ['https:'],
        });
      } catch (error) {
        if (error instanceof BlockedTargetError) {
          return { ok: false, retryable: false, error: error.message };
        }
        return {
          ok: false,
          retryable: true,
          error: `Webhook host lookup failed: ${errorMessage(error)}`,
        };
      }

      const sentAt = new Date();
      const timestamp = Math.floor(sentAt.getTime() / 1000);
      const body = JSON.stringify(buildWebhookBody(message, deliveryId, sentAt));

      let response: Response;
      try {
        response = await fetchImpl(target.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'PageFree-Webhook/1',
            'x-pagefree-delivery': deliveryId,
            'x-pagefree-timestamp': String(timestamp),
            'x-pagefree-signature': `v1=${signWebhookBody(target.secret, timestamp, body)}`,
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        if (error instanceof Error && error.name === 'TimeoutError') {
          return {
            ok: false,
            retryable: true,
            error: `Webhook request timed out after ${timeoutMs} ms.`,
          };
        }
        return {
          ok: false,
          retryable: true,
          error: `Webhook request failed: ${errorMessage(error)}`,
        };
      }

      // The body is never read, only released so the connection can be reused.
      await response.body?.cancel().catch(() => undefined);

      return mapWebhookStatus(response.status, response.statusText);
    },
  };
}

function buildWebhookBody(message: PageMessage, deliveryId: string, sentAt: Date) {
  // ackToken stays out, because it acknowledges the incident without a login and a
  // webhook URL may point at a third-party service.
  return {
    event: 'incident.page',
    deliveryId,
    sentAt: sentAt.toISOString(),
    incident: {
      id: message.incidentId,
      number: message.incidentNumber,
      title: message.title,
      severity: message.severity,
      priority: message.priority,
      status: message.status,
      serviceName: message.serviceName,
      url: message.url,
    },
  };
}

function mapWebhookStatus(status: number, statusText: string): DeliveryResult {
  const statusLine = `HTTP ${status} ${statusText.slice(0, MAX_STATUS_TEXT_LENGTH)}`.trim();

  if (status >= 200 && status < 300) {
    return { ok: true, detail: statusLine };
  }
  if (status >= 300 && status < 400) {
    return {
      ok: false,
      retryable: false,
      error: `Webhook responded with a redirect (${statusLine}). Redirects are not followed, so set the webhook URL to the final address.`,
    };
  }
  if (status === 408 || status === 429 || status >= 500) {
    return { ok: false, retryable: true, error: `Webhook responded with ${statusLine}.` };
  }
  return {
    ok: false,
    retryable: false,
    error: `Webhook rejected the delivery with ${statusLine}.`,
  };
}

/** Includes the cause, because fetch reports every network failure as "fetch failed". */
function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}
