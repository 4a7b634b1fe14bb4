import { randomBytes } from 'node:crypto';
import {
  type AlertStormResult,
  type PushService,
  startAlertStorm,
  startPushService,
} from '@pagefree/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/stack.ts';
import { type FaultStack, startFaultStack } from './support/fault-stack.ts';
import {
  countStorm,
  pushesPerIncident,
  type StormCounts,
  seedStormTarget,
  waitForPages,
} from './support/storm-checks.ts';

const ALERTS = 2_000;
const INCIDENTS = 50;
/** Accepted webhooks before PostgreSQL stops: early, so most incidents open after the outage. */
const STOP_AFTER = 20;
const OUTAGE_MS = 3_000;

// PostgreSQL stops at once (`pg_ctl stop -m immediate`, every connection dropped) in the
// middle of a storm and starts again. Ingestion returns 503 meanwhile and the senders retry,
// as monitoring tools do. The connection pools reconnect, failed jobs retry, and a delivery
// that already sent its page keeps retrying to store that, so it is not sent twice. A webhook
// whose commit succeeded just before its connection dropped is retried and stored a second
// time, which is why the alerts are counted by their distinct `seq` label.
describe('PostgreSQL restart during an alert storm', () => {
  const runId = randomBytes(4).toString('hex');
  let push: PushService;
  let stack: FaultStack;
  let storm: AlertStormResult;
  let counts: StormCounts;
  let readinessDuringOutage: number | null = null;

  beforeAll(async () => {
    push = await startPushService();
    stack = await startFaultStack({ pushAgent: push.agent });
    const target = await seedStormTarget(stack.database.db, stack.config, stack.server.url, push);

    const running = startAlertStorm({
      url: target.url,
      runId,
      alerts: ALERTS,
      incidents: INCIDENTS,
      concurrency: 32,
    });
    await eventually(
      async () => (running.progress.accepted >= STOP_AFTER ? true : undefined),
      30_000,
    );
    await stack.pg.stop();
    readinessDuringOutage = (await fetch(`${stack.server.url}/readyz`)).status;
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    await stack.pg.start();
    storm = await running.done;
    counts = await waitForPages(stack.database.db, runId, INCIDENTS, 90_000);
  });
  afterAll(async () => {
    await stack?.close();
    await push?.close();
  });

  it('server reports not ready without its database', () => {
    expect(readinessDuringOutage).toBe(503);
  });

  it('senders were told to retry during the outage', () => {
    expect(Object.keys(storm.retried).length).toBeGreaterThan(0);
  });

  it('every webhook is accepted', () => {
    expect(storm.failures).toEqual([]);
    expect(storm.accepted).toBe(ALERTS);
  });

  it('no alert is lost', () => {
    expect(counts.distinctAlerts).toBe(ALERTS);
  });

  it('one incident per group', () => {
    expect(counts.incidents).toBe(INCIDENTS);
  });

  it('every incident is paged once', async () => {
    const final = await countStorm(stack.database.db, runId);

    expect(final.sentNotifications).toBe(INCIDENTS);
    expect(final.incidentsPagedTwice).toBe(0);
    expect(pushesPerIncident(push, runId, INCIDENTS)).toEqual(Array(INCIDENTS).fill(1));
  });

  it('readiness recovers by itself', async () => {
    const status = await eventually(async () => {
      const body = (await (await fetch(`${stack.server.url}/readyz`)).json()) as { status: string };
      return body.status === 'ready' ? body.status : undefined;
    }, 30_000);

    expect(status).toBe('ready');
  });
});
