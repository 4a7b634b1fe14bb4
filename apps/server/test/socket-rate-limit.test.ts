import { randomUUID } from 'node:crypto';
import type { SocketRateLimitPayload } from '@pagefree/contracts';
import { createSession, revokeSession } from '@pagefree/core/auth/sessions';
import { loadAlertFixture, registerTestSecret } from '@pagefree/testing';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SOCKET_EVENT_LIMIT } from '../src/socket/event-rate-limit.ts';
import { seedPagingFixture } from './support/paging-fixture.ts';
import { eventually, sessionCookie, startTestStack, type TestStack } from './support/stack.ts';
import { trpcClient } from './support/trpc-client.ts';

const { limit } = DEFAULT_SOCKET_EVENT_LIMIT;
const WARN_AT = Math.ceil(limit * 0.8);

describe('socket event limits', () => {
  let stack: TestStack;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // Sessions are checked again every second, for the re-validation test.
    stack = await startTestStack({ withWorker: false, env: { SESSION_REVALIDATE_SECONDS: '1' } });
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await stack.close();
  });

  async function connect(namespace: '/runbooks' | '/incidents', cookie: string): Promise<Socket> {
    const socket = io(`${stack.server.url}${namespace}`, {
      transports: ['websocket'],
      extraHeaders: { cookie },
      reconnection: false,
      // A connection of its own, so each socket authenticates with its own cookie.
      forceNew: true,
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  }

  /** Sends `count` unwatch events, which get no reply. */
  function sendEvents(socket: Socket, count: number): void {
    for (let index = 0; index < count; index += 1)
      socket.emit('execution.unwatch', { executionId: randomUUID() });
  }

  async function responderCookie(): Promise<string> {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    return sessionCookie(stack.db, fixture.responders[0]!.id);
  }

  it('warning arrives at 80% of the budget', async () => {
    const socket = await connect('/runbooks', await responderCookie());
    const warning = new Promise<SocketRateLimitPayload>((resolve) =>
      socket.once('rate_limit.warning', resolve),
    );

    sendEvents(socket, WARN_AT);

    expect(await warning).toMatchObject({ limit, remaining: limit - WARN_AT });
  });

  it('connection under the budget stays open', async () => {
    const socket = await connect('/runbooks', await responderCookie());

    sendEvents(socket, limit - 1);
    // The last event of the budget is a watch, whose acknowledgement proves the server
    // processed every event before it.
    const ack = await socket
      .timeout(5_000)
      .emitWithAck('execution.watch', { executionId: 'not-a-uuid' });

    expect(ack).toMatchObject({ ok: false });
    expect(socket.connected).toBe(true);
  });

  it('event over the budget disconnects', async () => {
    const socket = await connect('/runbooks', await responderCookie());
    const exceeded = new Promise<SocketRateLimitPayload>((resolve) =>
      socket.once('rate_limit.exceeded', resolve),
    );
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    sendEvents(socket, limit + 1);

    expect((await exceeded).remaining).toBe(0);
    expect(await disconnected).toBe('io server disconnect');
  });

  it('server events do not count against the budget', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const cookie = await sessionCookie(stack.db, fixture.responders[0]!.id);
    const socket = await connect('/incidents', cookie);
    let received = 0;
    socket.on('incident.created', () => {
      received += 1;
    });
    let warned = false;
    socket.on('rate_limit.warning', () => {
      warned = true;
    });

    for (let index = 0; index < limit + 5; index += 1) {
      const body = loadAlertFixture('alertmanager-firing.json') as Record<string, unknown>;
      body.groupKey = `{}:{socket="${randomUUID()}"}`;
      await stack.post(`/integrations/${fixture.integration.key}/alertmanager`, body);
    }
    await eventually(
      async () => (received === limit + 5 ? true : undefined),
      5_000,
      'every created event',
    );

    expect(received).toBe(limit + 5);
    expect(warned).toBe(false);
    expect(socket.connected).toBe(true);
  });

  it('revoked session drops its /runbooks socket', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const session = await createSession(stack.db, {
      userId: fixture.responders[0]!.id,
      ttlHours: 1,
      now: new Date(),
      ip: null,
      userAgent: 'test',
    });
    registerTestSecret('session token', session.token);
    const socket = await connect('/runbooks', `pf_session=${session.token}`);
    const ended = new Promise<{ reason: string }>((resolve) =>
      socket.once('session.ended', resolve),
    );

    await revokeSession(stack.db, session.sessionId, new Date());

    expect((await ended).reason).toBe('expired');
  });

  it('logout disconnects a /runbooks socket', async () => {
    const cookie = await responderCookie();
    const socket = await connect('/runbooks', cookie);
    const ended = new Promise<{ reason: string }>((resolve) =>
      socket.once('session.ended', resolve),
    );

    await trpcClient(stack.server.url, { cookie }).auth.logout.mutate();

    expect((await ended).reason).toBe('logout');
  });
});
