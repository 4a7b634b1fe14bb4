import { randomBytes } from 'node:crypto';
import { loadAlertFixture } from '@pagefree/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPagingFixture } from '../support/paging-fixture.ts';
import { eventually, sessionCookie } from '../support/stack.ts';
import { trpcClient } from '../support/trpc-client.ts';
import { type ChildWorker, startChildWorker, workerEnv } from './support/child-worker.ts';
import { type FaultStack, startFaultStack } from './support/fault-stack.ts';
import {
  type HoldingReceiver,
  type ReceivedPage,
  startHoldingReceiver,
} from './support/holding-receiver.ts';

const INCIDENTS = 30;
/** Deliveries the worker runs at once, so exactly that many are in flight when it is killed. */
const CONCURRENCY = 5;

// The worker process is killed with SIGKILL while five webhook pages are in flight (the
// receiver keeps them open) and the other 25 are due and queued. A new worker process
// delivers every page. The 25 that were only due arrive exactly once. The five cut off
// mid-send are sent again with the same delivery id once their 60-second lease expires,
// because the killed worker never learned whether they arrived. Receivers drop such repeats
// by `x-pagefree-delivery`. A page the receiver acknowledged is never sent again.
describe('worker killed with SIGKILL while pages are due', () => {
  let stack: FaultStack;
  let receiver: HoldingReceiver;
  let replacement: ChildWorker | null = null;
  let cutOffAtKill: string[] = [];
  const incidentIds: string[] = [];

  beforeAll(async () => {
    receiver = await startHoldingReceiver();
    stack = await startFaultStack({ withWorker: false });
    const db = stack.database.db;
    const fixture = await seedPagingFixture(db, stack.config);
    const cookie = await sessionCookie(db, fixture.responders[0]!.id);
    await trpcClient(stack.server.url, { cookie }).notifications.addContactMethod.mutate({
      type: 'webhook',
      address: receiver.url,
    });
    const env = workerEnv(stack.config, { NOTIFICATION_CONCURRENCY: String(CONCURRENCY) });

    receiver.hold();
    const killed = await startChildWorker(env);
    for (let index = 0; index < INCIDENTS; index += 1) {
      const body = loadAlertFixture('alertmanager-firing.json') as Record<string, unknown>;
      body.groupKey = `{}:{sigkill="${randomBytes(6).toString('hex')}"}`;
      const response = await fetch(
        `${stack.server.url}/integrations/${fixture.integration.key}/alertmanager`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        },
      );
      incidentIds.push(((await response.json()) as { incidentId: string }).incidentId);
    }
    await eventually(
      async () => (receiver.heldCount() === CONCURRENCY ? true : undefined),
      30_000,
      'held pages',
    );

    killed.process.kill('SIGKILL');
    await killed.exited;
    await eventually(
      async () =>
        receiver.pages.filter((page) => page.cutOff).length === CONCURRENCY ? true : undefined,
      10_000,
      'the killed worker’s connections to close',
    );
    cutOffAtKill = receiver.pages.filter((page) => page.cutOff).map((page) => page.deliveryId);
    receiver.respond();

    replacement = await startChildWorker(env);
    await eventually(
      async () => {
        const sent = await webhookNotifications(stack, incidentIds);
        return sent.length === INCIDENTS && sent.every((row) => row.status === 'sent')
          ? true
          : undefined;
      },
      120_000,
      'every webhook page to be sent',
    );
  });
  afterAll(async () => {
    replacement?.process.kill('SIGTERM');
    await replacement?.exited;
    await stack?.close();
    await receiver?.close();
  });

  const byDelivery = () => {
    const map = new Map<string, ReceivedPage[]>();
    for (const page of receiver.pages)
      map.set(page.deliveryId, [...(map.get(page.deliveryId) ?? []), page]);
    return map;
  };

  it('five sends were in flight at the kill', () => {
    expect(cutOffAtKill).toHaveLength(CONCURRENCY);
  });

  it('one webhook notification per incident, all sent', async () => {
    const rows = await webhookNotifications(stack, incidentIds);

    expect(new Set(rows.map((row) => row.incident_id)).size).toBe(INCIDENTS);
    expect(rows.filter((row) => row.status === 'sent')).toHaveLength(INCIDENTS);
  });

  it('every page reached the receiver', () => {
    expect(byDelivery().size).toBe(INCIDENTS);
  });

  it('every page was answered exactly once', () => {
    const answers = [...byDelivery().values()].map(
      (pages) => pages.filter((page) => page.answered).length,
    );

    expect(answers).toEqual(Array(INCIDENTS).fill(1));
  });

  it('pages that were only due arrived once', () => {
    const due = [...byDelivery().entries()].filter(([id]) => !cutOffAtKill.includes(id));

    expect(due.map(([, pages]) => pages.length)).toEqual(Array(INCIDENTS - CONCURRENCY).fill(1));
  });

  it('only sends cut off by the kill were repeated', () => {
    const repeated = [...byDelivery().entries()]
      .filter(([, pages]) => pages.length > 1)
      .map(([id]) => id);

    expect(repeated.sort()).toEqual([...cutOffAtKill].sort());
  });
});

async function webhookNotifications(stack: FaultStack, incidentIds: string[]) {
  return stack.database.db
    .selectFrom('notification')
    .select(['incident_id', 'status'])
    .where('incident_id', 'in', incidentIds)
    .where('channel', '=', 'webhook')
    .execute();
}
