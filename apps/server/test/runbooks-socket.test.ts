import type { ExecutionStatusEvent } from '@pagefree/contracts';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createApprovedRunbook,
  openIncident,
  type RunbookFixture,
  runManually,
  seedRunbookFixture,
  startRunbookStack,
} from './runbooks-fixture.ts';
import { connected, nextEvent, socketFor } from './support/socket-client.ts';
import type { TestStack } from './support/stack.ts';

describe('/runbooks namespace revalidation', () => {
  let stack: TestStack;
  let fixture: RunbookFixture;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // The worker dispatches queued runs and publishes `execution.queued`, so no runner is needed.
    stack = await startRunbookStack({ env: { SESSION_REVALIDATE_SECONDS: '1' } });
    fixture = await seedRunbookFixture(stack);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await stack.close();
  });

  async function connect(cookie: string): Promise<Socket> {
    const socket = socketFor(stack.server.url, '/runbooks', cookie);
    sockets.push(socket);
    await connected(socket);
    return socket;
  }

  it('member removed from the team stops receiving its runs', async () => {
    const { runbookId } = await createApprovedRunbook(fixture, { script: 'return 1;' });
    const incidentId = await openIncident(stack, fixture);
    const member = await connect(fixture.cookies.teamAdmin);
    const removed = await connect(fixture.cookies.observer);
    const receivedByRemoved: ExecutionStatusEvent[] = [];
    removed.on('execution.queued', (event: ExecutionStatusEvent) => receivedByRemoved.push(event));

    await stack.db
      .deleteFrom('team_member')
      .where('user_id', '=', fixture.observer.id)
      .where('team_id', '=', fixture.teamId)
      .execute();
    // Longer than the 1 s revalidation interval, so one check has run since the removal.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const queuedForMember = nextEvent<ExecutionStatusEvent>(member, 'execution.queued', 10_000);
    const execution = await runManually(fixture, incidentId, runbookId);
    const event = await queuedForMember;
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(event.executionId).toBe(execution.id);
    expect(receivedByRemoved).toEqual([]);
    expect(removed.connected).toBe(true);
  });
});
