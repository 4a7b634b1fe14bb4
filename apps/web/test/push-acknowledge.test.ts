import { type PushService, startPushService } from '@pagefree/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedPagingFixture } from '../../server/test/support/paging-fixture.ts';
import { eventually, startTestStack, type TestStack } from '../../server/test/support/stack.ts';
import { alertmanagerAlert } from './support/alerts.ts';
import { launchBrowser, newConsoleContext, signIn } from './support/browser.ts';
import {
  clickNotificationAction,
  consoleServiceWorker,
  deliverPush,
  shownNotifications,
} from './support/service-worker.ts';

interface PagePayload {
  type: string;
  incidentId: string;
  number: string;
  title: string;
  ackToken: string;
}

// A real page end to end. The worker encrypts it for a push subscription and posts it to a
// local HTTPS push service, which decrypts it. The payload then reaches the console's
// service worker in Chromium, whose Acknowledge action acknowledges through the server.
describe('push notification Acknowledge action', () => {
  let stack: TestStack;
  let push: PushService;
  let browser: Browser;

  beforeAll(async () => {
    push = await startPushService();
    stack = await startTestStack({ pushAgent: push.agent, webDistDir: inject('webDistDir') });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await push?.close();
  });

  it('acknowledges the incident as the paged user', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config, { levels: [[0]] });
    const onCall = fixture.responders[0]!;
    const subscription = push.createSubscription();
    await stack.db
      .insertInto('push_subscription')
      .values({
        user_id: onCall.id,
        endpoint: subscription.endpoint,
        p256dh: subscription.p256dh,
        auth: subscription.auth,
      })
      .execute();
    const context = await newConsoleContext(browser, stack.server.url);
    const page = await context.newPage();
    await signIn(page, onCall);
    const worker = await consoleServiceWorker(context);

    const response = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      alertmanagerAlert('Settlement batch stuck'),
    );
    const incidentId: string = response.body.incidentId;
    const received = await push.waitForPush(
      (message) => (message.payload as PagePayload).incidentId === incidentId,
      15_000,
    );
    const payload = received.payload as PagePayload;
    await deliverPush(context, page, payload);
    const title = `#${payload.number} Settlement batch stuck`;
    const pageNotification = await eventually(async () => {
      const notifications = await shownNotifications(worker);
      return notifications.find((notification) => notification.title === title);
    });
    expect(pageNotification.actions).toEqual(['acknowledge', 'open']);

    await clickNotificationAction(worker, title, 'acknowledge');

    const incident = await eventually(async () => {
      const row = await stack.db
        .selectFrom('incident')
        .select(['status', 'acknowledged_by'])
        .where('id', '=', incidentId)
        .executeTakeFirstOrThrow();
      return row.status === 'acknowledged' ? row : undefined;
    });
    expect(incident.acknowledged_by).toBe(onCall.id);
    const audit = await stack.db
      .selectFrom('audit_event')
      .select(['actor_type', 'actor_id'])
      .where('action', '=', 'incident.acknowledged')
      .where('resource_id', '=', incidentId)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor_type: 'user', actor_id: onCall.id });
    const confirmation = await eventually(async () => {
      const notifications = await shownNotifications(worker);
      return notifications.find(
        (notification) => notification.title === `#${payload.number} acknowledged`,
      );
    });
    expect(confirmation.body).toContain('Escalation stopped');
    await page.locator(`[data-incident-id="${incidentId}"]`).getByText('Acknowledged').waitFor();
    await context.close();
  });
});
