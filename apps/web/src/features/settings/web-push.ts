import { registerServiceWorker, serviceWorkerSupported } from '../../lib/service-worker.ts';

export type PushSupport = 'supported' | 'insecure-context' | 'unsupported';

/** localStorage key of this browser's subscription id, to mark it in the list of browsers. */
const SUBSCRIPTION_ID_KEY = 'pagefree.pushSubscriptionId';

/** Reports whether this browser can receive Web Push here; browsers allow it only on HTTPS or localhost. */
export function pushSupport(): PushSupport {
  if (!window.isSecureContext) return 'insecure-context';
  if (!serviceWorkerSupported() || !('PushManager' in window) || !('Notification' in window)) {
    return 'unsupported';
  }
  return 'supported';
}

/** Decodes the server's VAPID public key (base64url, 65 bytes) for `PushManager.subscribe`. */
export function decodeVapidKey(base64Url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64Url.replaceAll('-', '+').replaceAll('_', '/');
  const padded = base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '=');
  const binary = atob(padded);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

function sameKey(current: ArrayBuffer | null, expected: Uint8Array): boolean {
  if (!current) return false;
  const bytes = new Uint8Array(current);
  return bytes.length === expected.length && bytes.every((byte, index) => byte === expected[index]);
}

/** This browser's current push subscription, or null when it has none. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  if (pushSupport() !== 'supported') return null;
  const registration = await navigator.serviceWorker.getRegistration('/');
  return registration ? registration.pushManager.getSubscription() : null;
}

/**
 * Asks for notification permission, registers the service worker and subscribes with the
 * server's VAPID key. A subscription made with another key (the server's keys changed) is
 * replaced, because the push service would reject our messages to it.
 */
export async function subscribeThisBrowser(vapidPublicKey: string): Promise<PushSubscriptionJSON> {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') {
    throw new Error(
      'Notifications are blocked for this site. Allow them in the browser’s site settings, then try again.',
    );
  }
  const registration = await registerServiceWorker();
  await navigator.serviceWorker.ready;

  const key = decodeVapidKey(vapidPublicKey);
  let subscription = await registration.pushManager.getSubscription();
  if (subscription && !sameKey(subscription.options.applicationServerKey, key)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  try {
    subscription ??= await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: key,
    });
  } catch (error) {
    throw new Error(
      `The browser's push service rejected the subscription (${error instanceof Error ? error.message : String(error)}). Check that the browser can reach its push service, then try again.`,
    );
  }
  return subscription.toJSON();
}

/**
 * Subscribes this browser again when its push subscription was made with a VAPID key other
 * than `vapidPublicKey`: after a key rotation the push service rejects pushes signed with
 * the new key for the old subscription. Returns the new subscription, or null when nothing
 * had to change (no permission, no subscription, or already on this key).
 */
export async function resubscribeIfKeyChanged(
  vapidPublicKey: string,
): Promise<PushSubscriptionJSON | null> {
  if (pushSupport() !== 'supported' || Notification.permission !== 'granted') return null;
  const registration = await navigator.serviceWorker.getRegistration('/');
  const subscription = await registration?.pushManager.getSubscription();
  if (!registration || !subscription) return null;

  const key = decodeVapidKey(vapidPublicKey);
  if (sameKey(subscription.options.applicationServerKey, key)) return null;
  await subscription.unsubscribe();
  const renewed = await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: key,
  });
  return renewed.toJSON();
}

export function rememberSubscriptionId(id: string | null): void {
  if (id) localStorage.setItem(SUBSCRIPTION_ID_KEY, id);
  else localStorage.removeItem(SUBSCRIPTION_ID_KEY);
}

export function rememberedSubscriptionId(): string | null {
  return localStorage.getItem(SUBSCRIPTION_ID_KEY);
}

/** "Chrome on Linux" from a user agent string, for telling registered browsers apart. */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return 'Unknown browser';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrome\/|Chromium\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : 'Browser';
  const system = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Mac OS X/.test(userAgent)
        ? 'macOS'
        : /Windows/.test(userAgent)
          ? 'Windows'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : 'unknown system';
  return `${browser} on ${system}`;
}
