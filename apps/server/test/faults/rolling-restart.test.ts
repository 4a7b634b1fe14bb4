import { randomBytes } from 'node:crypto';
import { loadAlertFixture, type SimpleResponse, sendRequest } from '@pagefree/testing';
import { type RunningWorker, startWorker } from '@pagefree/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server.ts';
import { type PagingFixture, seedPagingFixture } from '../support/paging-fixture.ts';
import { eventually, sessionCookie, startTestStack, type TestStack } from '../support/stack.ts';
import { trpcClient } from '../support/trpc-client.ts';
import { type HoldingReceiver, startHoldingReceiver } from './support/holding-receiver.ts';

const PAGES = 20;

function alertBody(): string {
  const body = loadAlertFixture('alertmanager-firing.json') as Record<string, unknown>;
  body.groupKey = `{}:{rolling="${randomBytes(6).toString('hex')}"}`;
  return JSON.stringify(body);
}

// A rolling restart stops each process with SIGTERM, which calls its close(). A closing
// worker stops taking jobs and finishes the ones it runs, so the next worker neither loses
// nor repeats a page. A closing server finishes the requests it accepted before it stops.
describe('rolling restart', () => {
  let stack: TestStack;
  let fixture: PagingFixture;
  let receiver: HoldingReceiver;

  beforeAll(async () => {
    receiver = await startHoldingReceiver();
    stack = await startTestStack({ withWorker: false });
    fixture = await seedPagingFixture(stack.db, stack.config);
    const cookie = await sessionCookie(stack.db, fixture.responders[0]!.id);
    await trpcClient(stack.server.url, { cookie }).notifications.addContactMethod.mutate({
      type: 'webhook',
      address: receiver.url,
    });
  });
  afterAll(async () => {
    await stack?.close();
    await receiver?.close();
  });

  describe('worker', () => {
    let closeResolvedWith: number | null = null;
    const incidentIds: string[] = [];

    beforeAll(async () => {
      const first = await startWorker({ config: stack.config, db: stack.db, logger: stack.logger });
      receiver.hold();
      for (let index = 0; index < PAGES; index += 1) {
        const response = await stack.post(
          `/integrations/${fixture.integration.key}/alertmanager`,
          alertBody(),
        );
        incidentIds.push(response.body.incidentId as string);
      }
      await eventually(
        async () => (receiver.heldCount() > 0 ? true : undefined),
        15_000,
        'pages in flight',
      );

      // The replacement starts before the old worker stops, as in a rolling deployment.
      const second: RunningWorker = await startWorker({
        config: stack.config,
        db: stack.db,
        logger: stack.logger,
      });
      const closing = first.close().then(() => {
        closeResolvedWith = receiver.heldCount();
      });
      // Give close() time to stop taking jobs, then let the held sends finish.
      await new Promise((resolve) => setTimeout(resolve, 500));
      receiver.respond();
      await closing;

      await eventually(
        async () => {
          const rows = await stack.db
            .selectFrom('notification')
            .select('status')
            .where('incident_id', 'in', incidentIds)
            .where('channel', '=', 'webhook')
            .execute();
          return rows.length === PAGES && rows.every((row) => row.status === 'sent')
            ? true
            : undefined;
        },
        60_000,
        'every page to be sent',
      );
      await second.close();
    });

    it('old worker finished its sends before closing', () => {
      expect(closeResolvedWith).toBe(0);
    });

    it('no send was cut off', () => {
      expect(receiver.pages.filter((page) => page.cutOff)).toEqual([]);
    });

    it('every page arrived exactly once', () => {
      const perDelivery = new Map<string, number>();
      for (const page of receiver.pages)
        perDelivery.set(page.deliveryId, (perDelivery.get(page.deliveryId) ?? 0) + 1);

      expect(perDelivery.size).toBe(PAGES);
      expect([...perDelivery.values()].every((count) => count === 1)).toBe(true);
    });
  });

  describe('server', () => {
    let server: RunningServer;
    let outcomes: Array<SimpleResponse | Error> = [];
    let readinessWhileDraining = 0;

    beforeAll(async () => {
      server = await startServer({
        config: { ...stack.config, shutdownDrainSeconds: 1 },
        db: stack.db,
        logger: stack.logger,
      });
      const url = `${server.url}/integrations/${fixture.integration.key}/alertmanager`;
      const send = () =>
        sendRequest({
          url,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: alertBody(),
        }).catch((error: Error) => error);

      const first = Array.from({ length: 20 }, send);
      const closing = server.close();
      readinessWhileDraining = (await sendRequest({ url: `${server.url}/readyz` })).status;
      const during = Array.from({ length: 20 }, send);
      await closing;
      const after = await send();
      outcomes = [...(await Promise.all([...first, ...during])), after];
    });

    it('readiness turns 503 while draining', () => {
      expect(readinessWhileDraining).toBe(503);
    });

    it('requests during the drain are still served', () => {
      const served = outcomes.slice(0, 40).filter((outcome) => !(outcome instanceof Error));

      expect(served.map((response) => (response as SimpleResponse).status)).toEqual(
        Array(40).fill(202),
      );
    });

    it('connections after close are refused', () => {
      expect((outcomes.at(-1) as { code?: string }).code).toBe('ECONNREFUSED');
    });
  });
});
