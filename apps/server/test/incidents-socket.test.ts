import type { IncidentEventPayload } from '@pagefree/contracts';
import { loadAlertFixture } from '@pagefree/testing';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedPagingFixture } from './support/paging-fixture.ts';
import { connected, nextEvent, socketFor } from './support/socket-client.ts';
import { eventually, sessionCookie, startTestStack, type TestStack } from './support/stack.ts';
import { trpcClient } from './support/trpc-client.ts';

describe('/incidents namespace', () => {
  let stack: TestStack;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    stack = await startTestStack({ withWorker: false });
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await stack.close();
  });

  function connect(cookie: string | null): Socket {
    const socket = socketFor(stack.server.url, '/incidents', cookie);
    sockets.push(socket);
    return socket;
  }

  it('team member sees an incident created and acknowledged', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const cookie = await sessionCookie(stack.db, fixture.responders[0]!.id);
    const socket = connect(cookie);
    await connected(socket);
    const created = nextEvent<IncidentEventPayload>(socket, 'incident.created');

    const response = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      loadAlertFixture('alertmanager-firing.json'),
    );

    const createdEvent = await created;
    expect(createdEvent.incident.id).toBe(response.body.incidentId);
    expect(createdEvent.incident.status).toBe('triggered');
    expect(createdEvent.incident.alertCount).toBe(2);

    const acknowledged = nextEvent<IncidentEventPayload>(socket, 'incident.acknowledged');
    await trpcClient(stack.server.url, { cookie }).incidents.acknowledge.mutate({
      incidentId: response.body.incidentId,
    });
    expect((await acknowledged).incident.status).toBe('acknowledged');
  });

  it('connection without a session is refused', async () => {
    const socket = connect(null);

    await expect(connected(socket)).rejects.toThrow('unauthorized');
  });

  it('member of another team receives nothing', async () => {
    const mine = await seedPagingFixture(stack.db, stack.config);
    const other = await seedPagingFixture(stack.db, stack.config);
    const outsider = connect(await sessionCookie(stack.db, other.responders[0]!.id));
    const insider = connect(await sessionCookie(stack.db, mine.responders[0]!.id));
    await Promise.all([connected(outsider), connected(insider)]);
    const leaked: unknown[] = [];
    outsider.on('incident.created', (payload) => leaked.push(payload));
    const seen = nextEvent(insider, 'incident.created');

    await stack.post(
      `/integrations/${mine.integration.key}/alertmanager`,
      loadAlertFixture('alertmanager-firing.json'),
    );
    await seen;
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(leaked).toEqual([]);
  });

  it('logout disconnects the session’s sockets', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const cookie = await sessionCookie(stack.db, fixture.responders[0]!.id);
    const socket = connect(cookie);
    await connected(socket);
    const ended = nextEvent<{ reason: string }>(socket, 'session.ended');
    const disconnected = nextEvent<string>(socket, 'disconnect');

    await trpcClient(stack.server.url, { cookie }).auth.logout.mutate();

    expect((await ended).reason).toBe('logout');
    expect(await disconnected).toBe('io server disconnect');
  });
});

describe('/incidents session re-validation', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ withWorker: false, env: { SESSION_REVALIDATE_SECONDS: '1' } });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('socket of a revoked session is dropped on the next check', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const cookie = await sessionCookie(stack.db, fixture.responders[0]!.id);
    const socket = socketFor(stack.server.url, '/incidents', cookie);
    await connected(socket);
    const ended = new Promise<{ reason: string }>((resolve) =>
      socket.once('session.ended', resolve),
    );

    await stack.db
      .updateTable('user_session')
      .set({ revoked_at: new Date() })
      .where('user_id', '=', fixture.responders[0]!.id)
      .execute();

    expect((await ended).reason).toBe('expired');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(socket.connected).toBe(false);
    socket.disconnect();
  });

  it('member removed from the team stops receiving its events', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const removed = fixture.responders[1]!;
    const socket = socketFor(
      stack.server.url,
      '/incidents',
      await sessionCookie(stack.db, removed.id),
    );
    await connected(socket);
    const received: unknown[] = [];
    socket.on('incident.created', (payload) => received.push(payload));
    await stack.db.deleteFrom('team_member').where('user_id', '=', removed.id).execute();
    await new Promise((resolve) => setTimeout(resolve, 2_500));

    await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      loadAlertFixture('alertmanager-firing.json'),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(received).toEqual([]);
    expect(socket.connected).toBe(true);
    socket.disconnect();
  });

  it('demoted platform admin stops receiving other teams', async () => {
    const watched = await seedPagingFixture(stack.db, stack.config);
    const demoted = (await seedPagingFixture(stack.db, stack.config)).admin;
    const socket = socketFor(
      stack.server.url,
      '/incidents',
      await sessionCookie(stack.db, demoted.id),
    );
    await connected(socket);
    const received: string[] = [];
    socket.on('incident.created', (payload) => received.push(payload.incident.id));
    const alert = loadAlertFixture('alertmanager-firing.json') as { groupKey: string };
    const url = `/integrations/${watched.integration.key}/alertmanager`;
    // While a platform admin, the user sees the other team's incidents.
    await stack.post(url, alert);
    await eventually(async () => (received.length > 0 ? true : undefined));

    await stack.db
      .updateTable('app_user')
      .set({ platform_role: 'USER' })
      .where('id', '=', demoted.id)
      .execute();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    received.length = 0;
    const opened = await stack.post(url, { ...alert, groupKey: `${alert.groupKey}-after` });
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(opened.body.alerts[0].opened).toBe(true);
    expect(received).toEqual([]);
    expect(socket.connected).toBe(true);
    socket.disconnect();
  });

  it('handshake from a foreign origin is refused', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const socket = io(`${stack.server.url}/incidents`, {
      transports: ['websocket'],
      extraHeaders: {
        cookie: await sessionCookie(stack.db, fixture.responders[0]!.id),
        origin: 'https://evil.example',
      },
      reconnection: false,
    });

    const outcome = await new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', () => resolve('refused'));
    });

    expect(outcome).toBe('refused');
    socket.disconnect();
  });
});
