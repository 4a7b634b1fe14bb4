/** Path of the service worker; it is served from the site root so its scope is the whole console. */
const WORKER_URL = '/sw.js';

export function serviceWorkerSupported(): boolean {
  return 'serviceWorker' in navigator;
}

/**
 * Registers the service worker, or returns the existing registration. Registration is
 * idempotent, and the browser checks `/sw.js` for updates on each call.
 */
export async function registerServiceWorker(): Promise<ServiceWorkerRegistration> {
  return navigator.serviceWorker.register(WORKER_URL, { scope: '/' });
}
