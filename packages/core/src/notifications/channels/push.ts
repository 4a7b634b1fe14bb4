import type { Agent } from 'node:https';
import webpush from 'web-push';
import { assertPublicUrl, BlockedTargetError } from './network-guard.ts';
import type { DeliveryResult, PageMessage, PushTarget } from './types.ts';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  /** `mailto:` or `https:` contact the push service can reach the sender at. */
  subject: string;
  /** Fingerprint of `publicKey` (see `vapidFingerprint`); needed only with `previous`. */
  fingerprint?: string;
  /** The pair being retired during a rotation, for browsers that subscribed with it. */
  previous?: { publicKey: string; privateKey: string; fingerprint: string } | null;
}

export interface PushChannelOptions {
  vapid: VapidKeys;
  /** Agent for the TLS connection. Tests pass one that trusts their own CA. */
  agent?: Agent;
  allowPrivateNetworkTargets: boolean;
  /** Socket inactivity timeout in milliseconds (web-push's `timeout`), not a total deadline. */
  timeoutMs?: number;
}

export interface PushChannel {
  send(subscription: PushTarget, message: PageMessage): Promise<DeliveryResult>;
}

/** How long the push service keeps an undelivered page, in seconds. */
const TIME_TO_LIVE_SECONDS = 3600;
const DEFAULT_TIMEOUT_MS = 10_000;
/**
 * Limit on the JSON payload in bytes. Push services need not accept more than 4096 bytes of
 * body, which leaves 3993 bytes of plaintext after the aes128gcm header, padding delimiter
 * and tag (RFC 8291 section 4), so 3 KB leaves room to spare.
 */
const MAX_PAYLOAD_BYTES = 3072;

/**
 * Creates the Web Push channel: encrypts the page with aes128gcm for one browser
 * subscription and posts it to the subscription's push service with a VAPID signature.
 */
export function createPushChannel(options: PushChannelOptions): PushChannel {
  const requestOptions = (pair: {
    publicKey: string;
    privateKey: string;
  }): webpush.RequestOptions => ({
    TTL: TIME_TO_LIVE_SECONDS,
    urgency: 'high',
    contentEncoding: 'aes128gcm',
    vapidDetails: {
      subject: options.vapid.subject,
      publicKey: pair.publicKey,
      privateKey: pair.privateKey,
    },
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(options.agent ? { agent: options.agent } : {}),
  });

  return {
    async send(subscription, message) {
      const endpoint = URL.parse(subscription.endpoint);
      if (!endpoint) {
        return {
          ok: false,
          retryable: false,
          error: 'Push subscription endpoint is not a valid URL.',
        };
      }

      try {
        await assertPublicUrl(endpoint.href, {
          allowPrivateNetworkTargets: options.allowPrivateNetworkTargets,
          protocols: ['https:'],
        });
      } catch (error) {
        return guardFailure(error);
      }

      // A push service accepts only pushes signed with the key the browser subscribed with.
      const pair = signingPair(options.vapid, subscription.vapidFingerprint ?? null);
      if (!pair) {
        return {
          ok: false,
          retryable: false,
          gone: true,
          error: `The browser subscribed with VAPID key ${subscription.vapidFingerprint}, which is no longer configured; it must subscribe again.`,
        };
      }

      const payload = buildPushPayload(message);
      if (payload === null) {
        return {
          ok: false,
          retryable: false,
          error: `Push payload exceeds ${MAX_PAYLOAD_BYTES} bytes even with an empty title.`,
        };
      }

      // web-push parses the endpoint with the legacy url.parse. Passing the WHATWG
      // serialization keeps both parsers on the host that was just checked.
      const target = {
        endpoint: endpoint.href,
        keys: { p256dh: subscription.p256dh, auth: subscription.auth },
      };

      // Builds the request once up front so that invalid keys or VAPID settings fail as a
      // permanent error here, and every error from sendNotification below is a transport one.
      try {
        webpush.generateRequestDetails(target, payload, requestOptions(pair));
      } catch (error) {
        return {
          ok: false,
          retryable: false,
          error: `Push request is invalid: ${errorMessage(error)}`,
        };
      }

      try {
        const response = await webpush.sendNotification(target, payload, requestOptions(pair));
        return { ok: true, detail: `push service responded ${response.statusCode}` };
      } catch (error) {
        if (error instanceof webpush.WebPushError) {
          return mapPushStatus(error.statusCode);
        }
        return { ok: false, retryable: true, error: `Push request failed: ${errorMessage(error)}` };
      }
    },
  };
}

/**
 * Returns the key pair to sign with for a subscription made with `fingerprint`. That is the
 * current pair for the current key and for rows stored before fingerprints (null), and the
 * previous pair during a rotation. A key that is no longer configured gets null.
 */
function signingPair(vapid: VapidKeys, fingerprint: string | null) {
  if (
    fingerprint === null ||
    vapid.fingerprint === undefined ||
    fingerprint === vapid.fingerprint
  ) {
    return vapid;
  }
  if (vapid.previous && fingerprint === vapid.previous.fingerprint) return vapid.previous;
  return null;
}

/** Builds the JSON the service worker receives, shortening the title until it fits. Returns null if nothing fits. */
function buildPushPayload(message: PageMessage): string | null {
  const payloadWithTitle = (title: string) =>
    JSON.stringify({
      type: 'incident.page',
      incidentId: message.incidentId,
      number: message.incidentNumber,
      title,
      severity: message.severity,
      priority: message.priority,
      serviceName: message.serviceName,
      url: message.url,
      ackToken: message.ackToken,
    });

  const full = payloadWithTitle(message.title);
  if (Buffer.byteLength(full) <= MAX_PAYLOAD_BYTES) {
    return full;
  }

  const overhead = Buffer.byteLength(payloadWithTitle(''));
  if (overhead > MAX_PAYLOAD_BYTES) {
    return null;
  }

  // JSON escaping can make a character take up to 6 bytes, so cut by code points and
  // measure again until it fits.
  const codePoints = Array.from(message.title);
  let keep = Math.min(codePoints.length, MAX_PAYLOAD_BYTES - overhead);
  while (keep > 0) {
    const candidate = payloadWithTitle(`${codePoints.slice(0, keep).join('')}…`);
    if (Buffer.byteLength(candidate) <= MAX_PAYLOAD_BYTES) {
      return candidate;
    }
    keep = Math.floor(keep * 0.9);
  }
  return payloadWithTitle('');
}

/** Maps the status of a non-2xx response, the only kind web-push rejects with a WebPushError. */
function mapPushStatus(status: number): DeliveryResult {
  if (status === 404 || status === 410) {
    return {
      ok: false,
      retryable: false,
      gone: true,
      error: `Push subscription is gone (HTTP ${status}).`,
    };
  }
  if (status === 429 || status >= 500) {
    return { ok: false, retryable: true, error: `Push service responded with HTTP ${status}.` };
  }
  return {
    ok: false,
    retryable: false,
    error: `Push service rejected the request with HTTP ${status}.`,
  };
}

function guardFailure(error: unknown): DeliveryResult {
  if (error instanceof BlockedTargetError) {
    return { ok: false, retryable: false, error: error.message };
  }
  // A failed DNS lookup may be temporary.
  return {
    ok: false,
    retryable: true,
    error: `Push endpoint lookup failed: ${errorMessage(error)}`,
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
