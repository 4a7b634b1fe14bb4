import { createIntegration } from '@pagefree/core/integrations/create-integration';
import { createSchedule } from '@pagefree/core/schedules/create-schedule';
import { systemClock } from '@pagefree/core/shared/clock';
import type { IntegrationFormat } from '@pagefree/db';
import { type PushService, startPushService } from '@pagefree/testing';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PagingFixture, seedPagingFixture } from './support/paging-fixture.ts';
import {
  sessionCookie,
  sessionPrincipal,
  startTestStack,
  type TestStack,
} from './support/stack.ts';
import { trpcClient } from './support/trpc-client.ts';

async function errorOf(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCClientError) return { code: error.data?.code, message: error.message };
    throw error;
  }
  throw new Error('Expected the call to fail');
}

// Procedures the console added: test pushes, test alerts and the caller's own shifts,
// called over HTTP with a session cookie as the console calls them.
describe('console API', () => {
  let stack: TestStack;
  let push: PushService;
  let fixture: PagingFixture;

  beforeAll(async () => {
    push = await startPushService();
    stack = await startTestStack({ withWorker: false, pushAgent: push.agent });
    fixture = await seedPagingFixture(stack.db, stack.config);
  });
  afterAll(async () => {
    await stack.close();
    await push.close();
  });

  async function clientFor(userId: string) {
    return trpcClient(stack.server.url, { cookie: await sessionCookie(stack.db, userId) });
  }

  it('test push reaches every browser of the caller', async () => {
    const user = fixture.responders[0]!;
    const subscription = push.createSubscription();
    const client = await clientFor(user.id);
    await client.notifications.registerPush.mutate({
      endpoint: subscription.endpoint,
      keys: { p256dh: subscription.p256dh, auth: subscription.auth },
      userAgent: 'test browser',
    });

    const results = await client.notifications.sendTestPush.mutate();

    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ok: true, error: null, removed: false });
    const received = await push.waitForPush(
      (message) => message.endpoint === subscription.endpoint,
      5_000,
    );
    expect(received.payload).toMatchObject({
      title: 'Test notification from PageFree',
      number: '',
      ackToken: null,
    });
    const audit = await stack.db
      .selectFrom('audit_event')
      .select('metadata')
      .where('action', '=', 'notification.test_push_sent')
      .where('actor_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(audit.metadata).toEqual({ sent: 1, failed: 0 });
  });

  it('test push drops a subscription the push service reports gone', async () => {
    const user = fixture.responders[1]!;
    const subscription = push.createSubscription();
    push.respondWith(subscription.endpoint, 410);
    const client = await clientFor(user.id);
    await client.notifications.registerPush.mutate({
      endpoint: subscription.endpoint,
      keys: { p256dh: subscription.p256dh, auth: subscription.auth },
      userAgent: null,
    });

    const results = await client.notifications.sendTestPush.mutate();

    expect(results[0]).toMatchObject({ ok: false, removed: true });
    const settings = await client.notifications.settings.query();
    expect(settings.pushSubscriptions).toEqual([]);
  });

  it('test push without a browser names the fix', async () => {
    const client = await clientFor(fixture.observer.id);

    const error = await errorOf(client.notifications.sendTestPush.mutate());

    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('enable push notifications in this browser');
  });

  const formats: IntegrationFormat[] = [
    'alertmanager',
    'grafana',
    'pagerduty',
    'datadog',
    'newrelic',
    'generic',
  ];

  it.each(formats)('test alert through a %s integration opens an incident', async (format) => {
    const created = await createIntegration(
      {
        db: stack.db,
        clock: systemClock,
        encryptionKeys: stack.config.encryption,
        publicUrl: stack.config.publicUrl,
      },
      { principal: sessionPrincipal(fixture.admin.id, 'PLATFORM_ADMIN'), ip: null },
      {
        serviceId: fixture.serviceId,
        name: `Test ${format}`,
        format,
        fieldMapping: format === 'generic' ? { title: 'check.name', dedupKey: 'check.id' } : null,
        signatureRequired: true,
        signatureHeader: 'x-pagefree-signature',
        signatureEncoding: 'hex',
        timestampHeader: null,
      },
    );
    const client = await clientFor(fixture.admin.id);

    const result = await client.integrations.sendTestAlert.mutate({
      integrationId: created.integration.id,
    });

    expect(result.incidentId).not.toBeNull();
    const incident = await client.incidents.get.query({ incidentId: result.incidentId! });
    expect(incident.title).toBe(`Test alert from PageFree (Test ${format})`);
    expect(incident.status).toBe('triggered');
    const deliveries = await client.integrations.deliveries.query({
      integrationId: created.integration.id,
    });
    expect(deliveries.map((delivery) => delivery.outcome)).toEqual(['accepted']);
    expect(deliveries[0]!.incidentNumbers).toEqual({
      [result.incidentId!]: Number(incident.number),
    });
  });

  it('test alert opens a new incident each time', async () => {
    const client = await clientFor(fixture.admin.id);

    const first = await client.integrations.sendTestAlert.mutate({
      integrationId: fixture.integration.id,
    });
    const second = await client.integrations.sendTestAlert.mutate({
      integrationId: fixture.integration.id,
    });

    expect(second.incidentId).not.toBe(first.incidentId);
  });

  it('test alert on a disabled integration is refused', async () => {
    const client = await clientFor(fixture.admin.id);
    const extra = await seedPagingFixture(stack.db, stack.config);
    await client.integrations.update.mutate({
      integrationId: extra.integration.id,
      enabled: false,
    });

    const error = await errorOf(
      client.integrations.sendTestAlert.mutate({ integrationId: extra.integration.id }),
    );

    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('enable it');
  });

  it('responder cannot send a test alert', async () => {
    const client = await clientFor(fixture.responders[0]!.id);

    const error = await errorOf(
      client.integrations.sendTestAlert.mutate({ integrationId: fixture.integration.id }),
    );

    expect(error.code).toBe('FORBIDDEN');
  });

  it('my shifts lists the caller’s rotation turns', async () => {
    const team = await seedPagingFixture(stack.db, stack.config);
    const [first, second] = team.responders;
    const today = new Date().toISOString().slice(0, 10);
    await createSchedule(
      { db: stack.db, clock: systemClock },
      { principal: sessionPrincipal(team.admin.id, 'PLATFORM_ADMIN'), ip: null },
      {
        teamId: team.teamId,
        name: 'Daily',
        timeZone: 'UTC',
        rotationType: 'daily',
        shiftLength: 1,
        handoffTime: '00:00',
        rotationStartDate: today,
        participantIds: [first!.id, second!.id],
      },
    );
    const client = await clientFor(first!.id);

    const shifts = await client.schedules.myShifts.query({ days: 5 });

    const days = shifts.map((shift) => shift.from.slice(0, 10));
    expect(days).toHaveLength(3);
    expect(days[0]).toBe(today);
    for (const shift of shifts) {
      expect(new Date(shift.until).getTime() - new Date(shift.from).getTime()).toBe(86_400_000);
      expect(shift.source).toBe('rotation');
    }
  });
  it.each([
    ['rotationStartDate', { rotationStartDate: '9999-12-31' }, /between 2000-01-01 and 2099-12-31/],
    ['participantIds', { twice: true }, /lists a user twice/],
  ])('schedule with a bad %s is rejected', async (field, change, message) => {
    const team = await seedPagingFixture(stack.db, stack.config);
    const [first] = team.responders;
    const client = await clientFor(team.admin.id);

    const error = await client.schedules.create
      .mutate({
        teamId: team.teamId,
        name: 'Bad',
        timeZone: 'UTC',
        rotationType: 'daily',
        shiftLength: 1,
        handoffTime: '00:00',
        rotationStartDate: '2026-12-01',
        participantIds: 'twice' in change ? [first!.id, first!.id] : [first!.id],
        ...('rotationStartDate' in change && { rotationStartDate: change.rotationStartDate }),
      })
      .then(
        () => ({ message: 'created', data: { field: '' } }),
        (caught: unknown) => caught as { message: string; data?: { field?: string } },
      );

    expect(error.message).toMatch(message);
    expect(error.data?.field).toBe(field);
  });
});
