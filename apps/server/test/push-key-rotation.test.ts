import { randomBytes } from 'node:crypto';
import { vapidFingerprint } from '@pagefree/config';
import {
  loadAlertFixture,
  type PushService,
  registerTestSecret,
  startPushService,
} from '@pagefree/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { seedPagingFixture } from './support/paging-fixture.ts';
import { eventually, sessionCookie, startTestStack, type TestStack } from './support/stack.ts';
import { trpcClient } from './support/trpc-client.ts';

// A VAPID rotation in progress: the server signs with the new pair, and still has the old
// one for browsers that subscribed with it and have not opened the console since.
describe('VAPID key rotation', () => {
  const previous = webpush.generateVAPIDKeys();
  let push: PushService;
  let stack: TestStack;

  beforeAll(async () => {
    registerTestSecret('VAPID_PREVIOUS_PRIVATE_KEY', previous.privateKey);
    push = await startPushService();
    stack = await startTestStack({
      pushAgent: push.agent,
      env: {
        VAPID_PREVIOUS_PUBLIC_KEY: previous.publicKey,
        VAPID_PREVIOUS_PRIVATE_KEY: previous.privateKey,
      },
    });
  });
  afterAll(async () => {
    await stack.close();
    await push.close();
  });

  /** Registers a browser subscription through the API, as the console does. */
  async function register(cookie: string, applicationServerKey?: string) {
    const subscription = push.createSubscription();
    const stored = await trpcClient(stack.server.url, { cookie }).notifications.registerPush.mutate(
      {
        endpoint: subscription.endpoint,
        keys: { p256dh: subscription.p256dh, auth: subscription.auth },
        userAgent: 'test',
        ...(applicationServerKey && { applicationServerKey }),
      },
    );
    return { ...subscription, id: stored.id };
  }

  async function openIncident(integrationKey: string): Promise<string> {
    const body = loadAlertFixture('alertmanager-firing.json') as Record<string, unknown>;
    body.groupKey = `{}:{rotation="${randomBytes(4).toString('hex')}"}`;
    const response = await stack.post(`/integrations/${integrationKey}/alertmanager`, body);
    return response.body.incidentId as string;
  }

  it('console reads the current key and its fingerprint', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const client = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, fixture.responders[0]!.id),
    });

    const key = await client.notifications.vapidPublicKey.query();

    expect(key).toEqual({
      publicKey: stack.config.vapid.publicKey,
      fingerprint: stack.config.vapid.fingerprint,
    });
  });

  it('subscription stores the fingerprint of its key', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const cookie = await sessionCookie(stack.db, fixture.responders[0]!.id);

    await register(cookie, previous.publicKey);
    const settings = await trpcClient(stack.server.url, { cookie }).notifications.settings.query();

    expect(settings.pushSubscriptions.map((row) => row.vapidFingerprint)).toEqual([
      vapidFingerprint(previous.publicKey),
    ]);
  });

  it('each browser is paged with the key it subscribed with', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const cookie = await sessionCookie(stack.db, fixture.responders[0]!.id);
    const onOldKey = await register(cookie, previous.publicKey);
    const onNewKey = await register(cookie, stack.config.vapid.publicKey);

    const incidentId = await openIncident(fixture.integration.key);
    const forIncident = (endpoint: string) =>
      push.waitForPush(
        (received) =>
          received.endpoint === endpoint &&
          (received.payload as { incidentId?: string }).incidentId === incidentId,
        15_000,
      );
    const [oldPush, newPush] = await Promise.all([
      forIncident(onOldKey.endpoint),
      forIncident(onNewKey.endpoint),
    ]);

    expect(oldPush.vapid.publicKey).toBe(previous.publicKey);
    expect(newPush.vapid.publicKey).toBe(stack.config.vapid.publicKey);
  });

  it('subscription on a retired key is removed, not retried', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const cookie = await sessionCookie(stack.db, fixture.responders[0]!.id);
    const retired = await register(cookie, webpush.generateVAPIDKeys().publicKey);

    const incidentId = await openIncident(fixture.integration.key);
    const failed = await eventually(async () => {
      const row = await stack.db
        .selectFrom('notification')
        .select(['status', 'last_error'])
        .where('incident_id', '=', incidentId)
        .where('channel', '=', 'push')
        .executeTakeFirst();
      return row?.status === 'failed' ? row : undefined;
    }, 15_000);

    expect(failed.last_error).toMatch(/no longer configured/);
    const left = await stack.db
      .selectFrom('push_subscription')
      .select('id')
      .where('id', '=', retired.id)
      .execute();
    expect(left).toEqual([]);
    expect(push.received.filter((received) => received.endpoint === retired.endpoint)).toEqual([]);
    expect(push.rejected.filter((rejection) => rejection.endpoint === retired.endpoint)).toEqual(
      [],
    );
  });
});
