// PageFree service worker: shows pages that arrive by Web Push and handles their
// Acknowledge and Open actions. It is plain JavaScript served from the site root, so its
// scope covers the whole console, and it is revalidated on every load.

const ACK_ENDPOINT = '/api/push/acknowledge';
const ICON = '/icons/icon-192.png';

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('push', (event) => {
  event.waitUntil(showPage(readPayload(event)));
});

self.addEventListener('notificationclick', (event) => {
  const notification = event.notification;
  notification.close();
  // The work starts before waitUntil is called, so it also runs for an event that a test
  // dispatches itself, on which the spec lets waitUntil throw (the event is not trusted).
  event.waitUntil(handleNotificationClick(notification.data ?? {}, event.action));
});

self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(renewSubscription(event.oldSubscription));
});

/** Reads the JSON the server sends (see the push channel); anything else becomes a plain text page. */
function readPayload(event) {
  if (!event.data) return { type: 'unknown', title: 'PageFree', url: '/incidents' };
  try {
    return event.data.json();
  } catch {
    return { type: 'unknown', title: event.data.text(), url: '/incidents' };
  }
}

/** Shows one page. A payload without an incident number is a test message from the settings page. */
async function showPage(payload) {
  const isPage = payload.type === 'incident.page' && Boolean(payload.number);
  const title = isPage ? `#${payload.number} ${payload.title}` : payload.title || 'PageFree';
  const details = isPage
    ? [payload.priority, payload.severity, payload.serviceName].filter(Boolean).join(' · ')
    : 'Push notifications reach this browser.';
  const actions = [];
  if (isPage && payload.ackToken) actions.push({ action: 'acknowledge', title: 'Acknowledge' });
  actions.push({ action: 'open', title: 'Open' });

  await self.registration.showNotification(title, {
    body: details,
    icon: ICON,
    badge: ICON,
    tag: isPage ? `incident-${payload.incidentId}` : 'pagefree-test',
    renotify: isPage,
    requireInteraction: isPage,
    actions,
    data: {
      incidentId: payload.incidentId ?? null,
      number: payload.number ?? null,
      url: sameOriginPath(payload.url),
      ackToken: payload.ackToken ?? null,
    },
  });
}

async function handleNotificationClick(data, action) {
  if (action === 'acknowledge' && data.ackToken) {
    await acknowledge(data);
    return;
  }
  await openConsole(data.url || '/incidents');
}

/**
 * Acknowledges through the server with the page's signed token (no cookies needed), then
 * replaces the page with a notification that reports success or the reason for failure.
 */
async function acknowledge(data) {
  let outcome;
  try {
    const response = await fetch(ACK_ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ackToken: data.ackToken }),
      credentials: 'omit',
    });
    const body = await response.json().catch(() => ({}));
    outcome = response.ok
      ? { ok: true, status: body.status }
      : { ok: false, message: body.message || `The server returned HTTP ${response.status}.` };
  } catch {
    outcome = { ok: false, message: 'The server could not be reached; check your connection.' };
  }

  const label = data.number ? `#${data.number}` : 'The incident';
  const title = outcome.ok ? acknowledgedTitle(label, outcome.status) : `${label} not acknowledged`;
  await self.registration.showNotification(title, {
    body: outcome.ok
      ? 'Escalation stopped. Tap to open the incident.'
      : `${outcome.message} Tap to open it.`,
    icon: ICON,
    badge: ICON,
    tag: data.incidentId ? `incident-${data.incidentId}` : 'pagefree-ack',
    renotify: false,
    silent: true,
    data: { ...data, ackToken: null },
  });
  await notifyClients({ type: 'incident.changed', incidentId: data.incidentId });
}

function acknowledgedTitle(label, status) {
  if (status === 'already_resolved') return `${label} is already resolved`;
  if (status === 'already_acknowledged') return `${label} was already acknowledged`;
  return `${label} acknowledged`;
}

/** Focuses a console tab, navigating it to the incident, or opens a new one. */
async function openConsole(path) {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const target = new URL(path, self.location.origin).href;
  const exact = windows.find((client) => client.url === target);
  if (exact) {
    await exact.focus();
    return;
  }
  const any = windows.find((client) => new URL(client.url).origin === self.location.origin);
  if (any) {
    await any.focus();
    await any.navigate(target).catch(() => undefined);
    return;
  }
  await self.clients.openWindow(target);
}

async function notifyClients(message) {
  const windows = await self.clients.matchAll({ type: 'window' });
  for (const client of windows) client.postMessage(message);
}

/**
 * Keeps only the path of a URL from the payload, so a page can open nothing but this
 * console, whatever public URL the server was configured with.
 */
function sameOriginPath(url) {
  try {
    const parsed = new URL(url, self.location.origin);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return '/incidents';
  }
}

/**
 * Subscribes again when the browser rotates a subscription, and stores the new one with the
 * signed-in user's session. It uses the server's current VAPID key when it can read it, so a
 * renewal during a key rotation moves to the new key. Without a session the server refuses,
 * and the settings page shows push as off until the person enables it again.
 */
async function renewSubscription(oldSubscription) {
  const serverKey = await currentServerKey();
  const applicationServerKey = serverKey ?? oldSubscription?.options?.applicationServerKey;
  if (!applicationServerKey) return;
  const subscription = await self.registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey,
  });
  const json = subscription.toJSON();
  await fetch('/trpc/notifications.registerPush', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify({
      endpoint: json.endpoint,
      keys: json.keys,
      userAgent: self.navigator.userAgent.slice(0, 512),
      ...(serverKey ? { applicationServerKey: serverKey } : {}),
    }),
  });
}

/** The server's current VAPID public key (URL-safe base64), or null when it cannot be read. */
async function currentServerKey() {
  try {
    const response = await fetch('/trpc/notifications.vapidPublicKey', {
      credentials: 'same-origin',
    });
    if (!response.ok) return null;
    const body = await response.json();
    return body?.result?.data?.publicKey ?? null;
  } catch {
    return null;
  }
}
