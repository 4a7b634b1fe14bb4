import type { BrowserContext, Page, Worker } from 'playwright-core';

/** Waits for the console's service worker (`/sw.js`), which the app registers on load. */
export async function consoleServiceWorker(context: BrowserContext): Promise<Worker> {
  const existing = context.serviceWorkers().find((worker) => worker.url().endsWith('/sw.js'));
  return existing ?? context.waitForEvent('serviceworker');
}

/**
 * Delivers a push message to the page's service worker through the DevTools protocol, as
 * the browser's push service would. Headless Chromium cannot reach a real push service, so
 * this replaces only the network hop; the worker's real `push` handler runs.
 */
export async function deliverPush(context: BrowserContext, page: Page, payload: unknown) {
  const cdp = await context.newCDPSession(page);
  try {
    const registrationId = await new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => {
        const live = event.registrations.find((registration) => !registration.isDeleted);
        if (live) resolve(live.registrationId);
      });
      void cdp.send('ServiceWorker.enable');
    });
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: `${new URL(page.url()).origin}/`,
      registrationId,
      data: JSON.stringify(payload),
    });
  } finally {
    await cdp.detach();
  }
}

/** The parts of the worker's global scope these helpers use; the DOM library lacks them. */
interface WorkerScope {
  registration: {
    getNotifications(): Promise<
      Array<{ title: string; body: string; actions?: Array<{ action: string }> }>
    >;
  };
  dispatchEvent(event: Event): boolean;
  NotificationEvent: new (type: string, init: { notification: unknown; action: string }) => Event;
}

export interface ShownNotification {
  title: string;
  body: string;
  actions: string[];
}

/** Notifications the worker is showing now. */
export function shownNotifications(worker: Worker): Promise<ShownNotification[]> {
  return worker.evaluate(async () => {
    const scope = self as unknown as WorkerScope;
    const notifications = await scope.registration.getNotifications();
    return notifications.map((notification) => ({
      title: notification.title,
      body: notification.body,
      actions: (notification.actions ?? []).map((action) => action.action),
    }));
  });
}

/**
 * Dispatches `notificationclick` for the shown notification with this title, as a tap on
 * one of its action buttons would. The worker's own listener handles it.
 */
export async function clickNotificationAction(worker: Worker, title: string, action: string) {
  await worker.evaluate(
    async ({ title, action }) => {
      const scope = self as unknown as WorkerScope;
      const notifications = await scope.registration.getNotifications();
      const notification = notifications.find((candidate) => candidate.title === title);
      if (!notification) throw new Error(`No notification titled ${title} is showing`);
      scope.dispatchEvent(
        new scope.NotificationEvent('notificationclick', { notification, action }),
      );
    },
    { title, action },
  );
}
