import {
  loadAlertFixture,
  type PushService,
  type SmtpPeer,
  startPushService,
  startSmtpPeer,
} from '@pagefree/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPagingFixture } from './support/paging-fixture.ts';
import { eventually, startTestStack, type TestStack } from './support/stack.ts';

// The product's main job: an Alertmanager webhook reaches the on-call engineer as a Web
// Push message (decrypted at a real HTTPS push endpoint) and an email (at a real SMTP peer).
describe('alert to page', () => {
  let stack: TestStack;
  let push: PushService;
  let smtp: SmtpPeer;

  beforeAll(async () => {
    push = await startPushService();
    smtp = await startSmtpPeer();
    stack = await startTestStack({ smtpUrl: smtp.url, pushAgent: push.agent });
  });
  afterAll(async () => {
    await stack.close();
    await push.close();
    await smtp.close();
  });

  it('alertmanager alert pages level one by push and email', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
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

    const response = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      loadAlertFixture('alertmanager-firing.json'),
    );
    expect(response.status).toBe(202);
    const incidentId: string = response.body.incidentId;

    const received = await push.waitForPush(
      (message) => (message.payload as { incidentId?: string }).incidentId === incidentId,
      15_000,
    );
    expect(received.payload).toMatchObject({
      type: 'incident.page',
      incidentId,
      title: 'checkout-api 5xx ratio above 5% for 10 minutes',
      priority: 'P1',
    });
    expect(received.vapid.jwtClaims.aud).toBe(push.origin);
    expect(typeof (received.payload as { ackToken?: unknown }).ackToken).toBe('string');

    const mail = await smtp.waitForMessage(
      (message) => message.subject?.includes('checkout-api 5xx') ?? false,
      15_000,
    );
    expect(mail.subject).toMatch(/^\[P1\] #\d+ checkout-api 5xx ratio above 5% for 10 minutes/);
    const recipients = Array.isArray(mail.to) ? mail.to : [mail.to];
    expect(recipients.flatMap((to) => to?.value.map((address) => address.address))).toContain(
      onCall.email,
    );

    const sent = await eventually(
      async () => {
        const rows = await stack.db
          .selectFrom('notification')
          .select(['channel', 'status', 'user_id'])
          .where('incident_id', '=', incidentId)
          .execute();
        return rows.every((row) => row.status === 'sent') && rows.length === 2 ? rows : undefined;
      },
      10_000,
      'both notifications marked sent',
    );
    expect(sent.map((row) => row.channel).sort()).toEqual(['email', 'push']);
    expect(sent.every((row) => row.user_id === onCall.id)).toBe(true);

    const timeline = await stack.db
      .selectFrom('incident_event')
      .select('type')
      .where('incident_id', '=', incidentId)
      .orderBy('id')
      .execute();
    expect(timeline.map((event) => event.type)).toEqual(
      expect.arrayContaining(['triggered', 'escalated', 'notification_sent']),
    );
  });

  it('expired push subscription is removed and email still delivered', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const onCall = fixture.responders[0]!;
    const subscription = push.createSubscription();
    push.respondWith(subscription.endpoint, 410);
    await stack.db
      .insertInto('push_subscription')
      .values({
        user_id: onCall.id,
        endpoint: subscription.endpoint,
        p256dh: subscription.p256dh,
        auth: subscription.auth,
      })
      .execute();

    const response = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      loadAlertFixture('alertmanager-firing.json'),
    );
    const incidentId: string = response.body.incidentId;

    const outcome = await eventually(
      async () => {
        const rows = await stack.db
          .selectFrom('notification')
          .select(['channel', 'status'])
          .where('incident_id', '=', incidentId)
          .execute();
        return rows.length === 2 && rows.every((row) => row.status !== 'pending')
          ? rows
          : undefined;
      },
      15_000,
      'both notifications finished',
    );
    expect(outcome.find((row) => row.channel === 'push')?.status).toBe('failed');
    expect(outcome.find((row) => row.channel === 'email')?.status).toBe('sent');
    const remaining = await stack.db
      .selectFrom('push_subscription')
      .select('id')
      .where('endpoint', '=', subscription.endpoint)
      .execute();
    expect(remaining).toHaveLength(0);
  });
});
