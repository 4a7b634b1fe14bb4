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
/** Accepted webhooks before Redis is killed: early, so incidents also open during the outage. */
const KILL_AFTER = 20;
const OUTAGE_MS = 3_000;

// Redis is killed (SIGKILL, nothing saved) in the middle of a storm and started again empty,
// so every queued job is gone. Ingestion keeps storing alerts from the database alone, and
// the worker's sweeper rebuilds the lost paging work from database state once Redis is back.
describe('Redis restart during an alert storm', () => {
  const runId = randomBytes(4).toString('hex');
  let push: PushService;
  let stack: FaultStack;
  let storm: AlertStormResult;
  let counts: StormCounts;
  let readinessDuringOutage: string | null = null;

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
      async () => (running.progress.accepted >= KILL_AFTER ? true : undefined),
      30_000,
    );
    await stack.redis.kill();
    readinessDuringOutage = (
      (await (await fetch(`${stack.server.url}/readyz`)).json()) as { status: string }
    ).status;
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    await stack.redis.start();
    storm = await running.done;
    counts = await waitForPages(stack.database.db, runId, INCIDENTS, 90_000);
  });
  afterAll(async () => {
    await stack?.close();
    await push?.close();
  });

  it('server stays ready without Redis, reporting degraded', () => {
    expect(readinessDuringOutage).toBe('degraded');
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
