import { randomBytes } from 'node:crypto';
import {
  type AlertStormResult,
  type PushService,
  startAlertStorm,
  startPushService,
} from '@pagefree/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

// The correctness half of the storm benchmark (`bench/storm.ts` sends 10,000): every alert
// stored, one incident per group, one page per incident. The ingestion limit is lowered to
// 500 webhooks a minute, so most of the storm is above the soft limit and goes through the
// per-key gate, and none of it reaches the hard limit of 5,000.
describe('alert storm', () => {
  const runId = randomBytes(4).toString('hex');
  let push: PushService;
  let stack: FaultStack;
  let storm: AlertStormResult;
  let counts: StormCounts;

  beforeAll(async () => {
    push = await startPushService();
    stack = await startFaultStack({
      pushAgent: push.agent,
      env: { RATE_LIMIT_INGEST_PER_MINUTE: '500' },
    });
    const target = await seedStormTarget(stack.database.db, stack.config, stack.server.url, push);

    storm = await startAlertStorm({
      url: target.url,
      runId,
      alerts: ALERTS,
      incidents: INCIDENTS,
      concurrency: 32,
    }).done;
    counts = await waitForPages(stack.database.db, runId, INCIDENTS, 60_000);
  });
  afterAll(async () => {
    await stack?.close();
    await push?.close();
  });

  it('every webhook is accepted', () => {
    expect(storm.failures).toEqual([]);
    expect(storm.accepted).toBe(ALERTS);
  });

  it('webhooks over the soft limit are accepted too', () => {
    expect(storm.acceptedOverLimit).toBeGreaterThan(0);
  });

  it('no webhook needed a retry', () => {
    expect(storm.retried).toEqual({});
  });

  it('every alert is stored once', () => {
    expect(counts.distinctAlerts).toBe(ALERTS);
    expect(counts.alertRows).toBe(ALERTS);
  });

  it('one incident per group', () => {
    expect(counts.incidents).toBe(INCIDENTS);
  });

  it('one page per incident', async () => {
    const final = await countStorm(stack.database.db, runId);

    expect(final.notifications).toBe(INCIDENTS);
    expect(final.sentNotifications).toBe(INCIDENTS);
    expect(final.incidentsPagedTwice).toBe(0);
    expect(pushesPerIncident(push, runId, INCIDENTS)).toEqual(Array(INCIDENTS).fill(1));
  });
});
