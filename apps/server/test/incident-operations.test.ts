import { signWebhookBody } from '@pagefree/core/notifications/channels/index';
import {
  loadAlertFixture,
  type SmtpPeer,
  startSmtpPeer,
  startWebhookReceiver,
  type WebhookReceiver,
} from '@pagefree/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PagingFixture, seedPagingFixture } from './support/paging-fixture.ts';
import { eventually, sessionCookie, startTestStack, type TestStack } from './support/stack.ts';
import { trpcClient } from './support/trpc-client.ts';

describe('incident operations through the API', () => {
  let stack: TestStack;
  let smtp: SmtpPeer;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    receiver = await startWebhookReceiver();
    stack = await startTestStack({ smtpUrl: smtp.url });
  });
  afterAll(async () => {
    await stack.close();
    await smtp.close();
    await receiver.close();
  });

  async function openIncident(
    fixture: PagingFixture,
    body = loadAlertFixture('alertmanager-firing.json'),
  ): Promise<string> {
    const response = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      body,
    );
    return response.body.incidentId;
  }

  it('reassign pages the new assignee and records the timeline', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config, { levels: [[0]] });
    const incidentId = await openIncident(fixture);
    const client = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, fixture.responders[0]!.id),
    });

    const reassigned = await client.incidents.reassign.mutate({
      incidentId,
      assigneeId: fixture.responders[1]!.id,
    });

    expect(reassigned.assignee?.id).toBe(fixture.responders[1]!.id);
    const mail = await smtp.waitForMessage((message) => {
      const recipients = Array.isArray(message.to) ? message.to : [message.to];
      return recipients.some((to) =>
        to?.value.some((address) => address.address === fixture.responders[1]!.email),
      );
    }, 10_000);
    expect(mail.subject).toContain('checkout-api 5xx');
    const timeline = await client.incidents.timeline.query({ incidentId });
    const entry = timeline.find((event) => event.type === 'reassigned');
    expect(entry?.data).toMatchObject({ to: fixture.responders[1]!.id });
    expect(entry?.actor.name).toMatch(/^Responder 0/);
  });

  it('reassign to an observer is refused naming the field', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const incidentId = await openIncident(fixture);
    const client = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, fixture.responders[0]!.id),
    });

    const error = await client.incidents.reassign
      .mutate({ incidentId, assigneeId: fixture.observer.id })
      .catch((caught: unknown) => caught);

    expect((error as { data?: { code?: string; field?: string } }).data?.code).toBe('BAD_REQUEST');
    expect((error as { data?: { field?: string } }).data?.field).toBe('assigneeId');
  });

  it('note and priority change appear in the timeline in order', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const incidentId = await openIncident(fixture);
    const client = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, fixture.responders[0]!.id),
    });

    await client.incidents.addNote.mutate({ incidentId, text: 'Rolled back deploy 4411' });
    const changed = await client.incidents.changePriority.mutate({ incidentId, priority: 'P2' });

    expect(changed.priority).toBe('P2');
    const types = (await client.incidents.timeline.query({ incidentId })).map(
      (event) => event.type,
    );
    expect(types.indexOf('note_added')).toBeGreaterThan(types.indexOf('triggered'));
    expect(types.indexOf('priority_changed')).toBeGreaterThan(types.indexOf('note_added'));
    const note = (await client.incidents.timeline.query({ incidentId })).find(
      (event) => event.type === 'note_added',
    );
    expect(note?.data.text).toBe('Rolled back deploy 4411');
  });

  it('resolve twice is a conflict that says so', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const incidentId = await openIncident(fixture);
    const client = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, fixture.responders[0]!.id),
    });

    await client.incidents.resolve.mutate({ incidentId });
    const error = await client.incidents.resolve
      .mutate({ incidentId })
      .catch((caught: unknown) => caught);

    expect((error as { data?: { code?: string } }).data?.code).toBe('CONFLICT');
    expect((error as Error).message).toMatch(/already resolved/);
  });

  it('list puts open incidents first and pages with a cursor', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      ids.push(
        await openIncident(fixture, {
          ...loadAlertFixture('alertmanager-firing.json'),
          groupKey: `group-${index}`,
        }),
      );
    }
    const client = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, fixture.responders[0]!.id),
    });
    await client.incidents.resolve.mutate({ incidentId: ids[4]! });
    await client.incidents.acknowledge.mutate({ incidentId: ids[3]! });

    const first = await client.incidents.list.query({ teamId: fixture.teamId, limit: 2 });
    const second = await client.incidents.list.query({
      teamId: fixture.teamId,
      limit: 2,
      cursor: first.nextCursor!,
    });
    const third = await client.incidents.list.query({
      teamId: fixture.teamId,
      limit: 2,
      cursor: second.nextCursor!,
    });
    const all = [...first.items, ...second.items, ...third.items];

    expect(all.map((item) => item.status)).toEqual([
      'triggered',
      'triggered',
      'triggered',
      'acknowledged',
      'resolved',
    ]);
    expect(new Set(all.map((item) => item.id)).size).toBe(5);
    expect(third.nextCursor).toBeNull();
    const resolvedOnly = await client.incidents.list.query({
      teamId: fixture.teamId,
      status: ['resolved'],
    });
    expect(resolvedOnly.items.map((item) => item.id)).toEqual([ids[4]]);
  });

  it('webhook contact method receives a signed page', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config, { levels: [[0]] });
    const client = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, fixture.responders[0]!.id),
    });
    const contact = await client.notifications.addContactMethod.mutate({
      type: 'webhook',
      address: receiver.url,
    });
    expect(contact.signingSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const incidentId = await openIncident(fixture);

    const request = await receiver.waitForRequest(
      (received) => (received.json as { incident?: { id?: string } })?.incident?.id === incidentId,
      10_000,
    );
    const timestamp = Number(request.headers['x-pagefree-timestamp']);
    expect(request.headers['x-pagefree-signature']).toBe(
      `v1=${signWebhookBody(contact.signingSecret!, timestamp, request.body)}`,
    );
    const settings = await client.notifications.settings.query();
    expect(JSON.stringify(settings)).not.toContain(contact.signingSecret!);
  });

  it('email failing with 451 is retried and then delivered', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config, { levels: [[0]] });
    smtp.failNext(1, 451);

    const incidentId = await openIncident(fixture);

    const row = await eventually(
      async () => {
        const notification = await stack.db
          .selectFrom('notification')
          .select(['status', 'attempts'])
          .where('incident_id', '=', incidentId)
          .where('channel', '=', 'email')
          .executeTakeFirst();
        return notification?.status === 'sent' ? notification : undefined;
      },
      20_000,
      'email delivered after a retry',
    );
    expect(row.attempts).toBe(2);
  });
});

describe('configuration through the API', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ withWorker: false });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('rotated signing secret keeps the old one valid during the overlap', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config, { signatureRequired: true });
    const admin = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, fixture.admin.id),
    });
    const { computeSignature } = await import('@pagefree/core/integrations/signature');
    const body = JSON.stringify(loadAlertFixture('alertmanager-firing.json'));
    const sign = (secret: string) =>
      computeSignature(secret, new TextEncoder().encode(body), 'hex', null);
    const url = `/integrations/${fixture.integration.key}/alertmanager`;

    const rotated = await admin.integrations.rotateSecret.mutate({
      integrationId: fixture.integration.id,
      overlapHours: 1,
    });

    expect(rotated.signingSecret).not.toBe(fixture.integration.signingSecret);
    expect(
      (
        await stack.post(url, body, {
          'x-pagefree-signature': sign(fixture.integration.signingSecret),
        })
      ).status,
    ).toBe(202);
    expect(
      (await stack.post(url, body, { 'x-pagefree-signature': sign(rotated.signingSecret) })).status,
    ).toBe(202);

    await admin.integrations.rotateSecret.mutate({
      integrationId: fixture.integration.id,
      overlapHours: 0,
    });
    expect(
      (
        await stack.post(url, body, {
          'x-pagefree-signature': sign(fixture.integration.signingSecret),
        })
      ).status,
    ).toBe(401);
    const listed = await admin.integrations.list.query({ serviceId: fixture.serviceId });
    expect(JSON.stringify(listed)).not.toContain(rotated.signingSecret);
  });

  it('generic integration maps nested fields', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const admin = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, fixture.admin.id),
    });
    const { integration } = await admin.integrations.create.mutate({
      serviceId: fixture.serviceId,
      name: 'Uptime checker',
      format: 'generic',
      fieldMapping: {
        dedupKey: 'check.id',
        title: 'check.name',
        severity: 'level',
        status: 'state',
        resolvedValues: ['up'],
      },
    });
    const url = `/integrations/${integration.integrationKey}/generic`;

    const down = await stack.post(url, {
      check: { id: 'chk-17', name: 'Login page unreachable' },
      level: 'critical',
      state: 'down',
    });
    const up = await stack.post(url, {
      check: { id: 'chk-17', name: 'Login page unreachable' },
      level: 'critical',
      state: 'up',
    });

    expect(down.status).toBe(202);
    expect(down.body.dedupKey).toBe('chk-17');
    expect(up.body.incidentId).toBe(down.body.incidentId);
    const incident = await stack.db
      .selectFrom('incident')
      .select(['title', 'severity', 'status'])
      .where('id', '=', down.body.incidentId)
      .executeTakeFirstOrThrow();
    expect(incident).toEqual({
      title: 'Login page unreachable',
      severity: 'critical',
      status: 'resolved',
    });
  });

  it('deliveries list shows accepted and rejected requests', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const admin = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, fixture.admin.id),
    });
    const url = `/integrations/${fixture.integration.key}/alertmanager`;
    await stack.post(url, loadAlertFixture('alertmanager-firing.json'));
    await stack.post(url, 'not json');

    const deliveries = await admin.integrations.deliveries.query({
      integrationId: fixture.integration.id,
    });

    expect(
      deliveries.map((delivery) => [delivery.outcome, delivery.httpStatus, delivery.errorCode]),
    ).toEqual([
      ['rejected', 400, 'invalid_json'],
      ['accepted', 202, null],
    ]);
  });

  it('schedule reports who is on call now and next', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const admin = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, fixture.admin.id),
    });
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const schedule = await admin.schedules.create.mutate({
      teamId: fixture.teamId,
      name: 'Primary',
      timeZone: 'Europe/Berlin',
      rotationType: 'daily',
      shiftLength: 1,
      handoffTime: '00:00',
      rotationStartDate: yesterday,
      participantIds: fixture.responders.map((responder) => responder.id),
    });

    const listed = (await admin.schedules.list.query({ teamId: fixture.teamId })).find(
      (item) => item.id === schedule.id,
    )!;

    expect(fixture.responders.map((responder) => responder.id)).toContain(listed.onCallNow?.userId);
    expect(listed.onCallNext?.userId).not.toBe(listed.onCallNow?.userId);
    expect(listed.onCallNext?.from).toBe(listed.onCallNow?.until);

    const now = Date.now();
    const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
    await admin.schedules.createOverride.mutate({
      scheduleId: schedule.id,
      userId: listed.onCallNext!.userId,
      startsAt: isoSeconds(now - 60_000),
      endsAt: isoSeconds(now + 3_600_000),
    });
    const overridden = (await admin.schedules.get.query({ scheduleId: schedule.id })).onCallNow;
    expect(overridden?.source).toBe('override');
    expect(overridden?.userId).toBe(listed.onCallNext!.userId);
  });

  it('integration key is hidden from observers and responders', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const observer = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, fixture.observer.id),
    });
    const responder = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, fixture.responders[0]!.id),
    });
    const admin = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, fixture.admin.id),
    });

    const [seenByObserver] = await observer.integrations.list.query({
      serviceId: fixture.serviceId,
    });
    const [seenByResponder] = await responder.integrations.list.query({
      serviceId: fixture.serviceId,
    });
    const [seenByAdmin] = await admin.integrations.list.query({ serviceId: fixture.serviceId });

    expect(seenByObserver?.integrationKey).toBeNull();
    expect(seenByObserver?.ingestionUrl).toBeNull();
    expect(seenByResponder?.integrationKey).toBeNull();
    expect(seenByAdmin?.integrationKey).toBe(fixture.integration.key);
  });

  it('last team admin cannot demote themselves', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    await stack.db
      .insertInto('team_member')
      .values({ team_id: fixture.teamId, user_id: fixture.responders[0]!.id, role: 'TEAM_ADMIN' })
      .onConflict((conflict) =>
        conflict.columns(['team_id', 'user_id']).doUpdateSet({ role: 'TEAM_ADMIN' }),
      )
      .execute();
    const lastAdmin = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, fixture.responders[0]!.id),
    });

    const error = await lastAdmin.teams.setMember
      .mutate({ teamId: fixture.teamId, userId: fixture.responders[0]!.id, role: 'OBSERVER' })
      .catch((caught: unknown) => caught);

    expect((error as { data?: { code?: string } }).data?.code).toBe('CONFLICT');
  });

  it('password change ends the user’s other sessions', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const user = fixture.responders[0]!;
    const current = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, user.id),
    });
    const other = trpcClient(stack.server.url, { cookie: await sessionCookie(stack.db, user.id) });

    await current.users.changePassword.mutate({
      currentPassword: user.password,
      newPassword: 'a much better passphrase',
    });

    expect((await current.users.me.query()).id).toBe(user.id);
    const error = await other.users.me.query().catch((caught: unknown) => caught);
    expect((error as { data?: { code?: string } }).data?.code).toBe('UNAUTHORIZED');
  });

  it('logged paths hide integration keys in any spelling', async () => {
    const { redactPath } = await import('../src/http/request-context.ts');

    expect(redactPath('//Integrations/secret-key/generic')).toBe('//integrations/[key]/generic');
    expect(redactPath('/integrations/secret-key/generic')).toBe('/integrations/[key]/generic');
  });
});

describe('without Redis', () => {
  let stack: TestStack;

  beforeAll(async () => {
    // Port 1 on loopback refuses connections: Redis is down for this whole stack.
    stack = await startTestStack({ withWorker: false, env: { REDIS_URL: 'redis://127.0.0.1:1' } });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('readiness reports degraded and alerts are still stored', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);

    const ready = await fetch(`${stack.server.url}/readyz`);
    const accepted = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      loadAlertFixture('alertmanager-firing.json'),
    );

    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'degraded',
      checks: { database: 'ok', redis: 'unreachable' },
    });
    expect(accepted.status).toBe(202);
    const incident = await stack.db
      .selectFrom('incident')
      .select(['status', 'next_escalation_at'])
      .where('id', '=', accepted.body.incidentId)
      .executeTakeFirstOrThrow();
    expect(incident.status).toBe('triggered');
    expect(incident.next_escalation_at).not.toBeNull();
  });
});
