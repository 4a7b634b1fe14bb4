import { randomBytes } from 'node:crypto';
import { sql } from '../packages/db/node_modules/kysely/dist/index.js';
import { startAlertStorm, stormTitle } from '../packages/testing/src/alert-storm.ts';
import type { PushService } from '../packages/testing/src/push-service.ts';
import { seedBenchFixture } from './seed.ts';
import { type LatencySummary, summarizeLatency } from './stats.ts';
import type { BenchStack } from './support.ts';

const ALERTS = 10_000;
const INCIDENTS = 50;
const CONCURRENCY = 64;
/** How long a page may take after the storm's last 202 before it counts as lost. */
const PAGE_TIMEOUT_MS = 120_000;
/** How long each page waiter lives from the start; it must outlast the storm plus PAGE_TIMEOUT_MS. */
const WAITER_TIMEOUT_MS = 300_000;

export interface StormBenchResult {
  alerts: number;
  incidents: number;
  concurrency: number;
  durationMs: number;
  alertsPerSecond: number;
  /** First attempt to 202 per alert, retries included. */
  accepted: LatencySummary;
  /** From the POST of an incident's first alert to the push service decrypting its page. */
  paging: LatencySummary;
  /** 202 responses above the soft rate limit (stored, throttled per key). */
  acceptedOverLimit: number;
  /** Retried responses and errors by status or code; every supported sender retries these. */
  retried: Record<string, number>;
  storedAlerts: number;
  distinctAlerts: number;
  incidentsOpened: number;
  pushes: number;
  failures: string[];
}

/**
 * Posts 10,000 Alertmanager webhooks of one alert each, from 64 concurrent clients as fast
 * as the server responds, to one integration: 50 incident groups, so 9,950 of them are
 * duplicates. The default rate limits apply, so the storm crosses the integration key's soft
 * limit (6,000 a minute) and the rest goes through its throttle. Afterwards it checks that
 * every alert was stored, that exactly 50 incidents opened, and that each paged its
 * responder exactly once, and it reports the paging latency of the 50 pages.
 */
export async function runStormBench(
  stack: BenchStack,
  push: PushService,
): Promise<StormBenchResult> {
  const subscription = push.createSubscription();
  const fixture = await seedBenchFixture(stack.db, stack.config, subscription);
  const runId = randomBytes(4).toString('hex');
  const failures: string[] = [];

  const firstPostAt = new Map<number, number>();
  const pagedAt = Array.from({ length: INCIDENTS }, (_, incident) =>
    push
      .waitForPush(
        (received) =>
          received.endpoint === subscription.endpoint &&
          (received.payload as { title?: string }).title === stormTitle(runId, incident),
        WAITER_TIMEOUT_MS,
      )
      .then(
        () => performance.now(),
        () => null,
      ),
  );

  const storm = await startAlertStorm({
    url: `${stack.serverUrl}/integrations/${fixture.integrationKey}/alertmanager`,
    runId,
    alerts: ALERTS,
    incidents: INCIDENTS,
    concurrency: CONCURRENCY,
    // Real senders wait as long as Retry-After requests; the bench caps it to keep the run short.
    maxRetryWaitMs: 2_000,
    onFirstAlert: (incident) => firstPostAt.set(incident, performance.now()),
  }).done;
  failures.push(...storm.failures.slice(0, 5));
  if (storm.failures.length > 5)
    failures.push(`${storm.failures.length} alerts were never accepted`);

  const deadline = performance.now() + PAGE_TIMEOUT_MS;
  const paged = await Promise.all(
    pagedAt.map((page) =>
      Promise.race([
        page,
        new Promise<null>((resolve) =>
          setTimeout(() => resolve(null), Math.max(0, deadline - performance.now())),
        ),
      ]),
    ),
  );
  const pagingMs: number[] = [];
  paged.forEach((at, incident) => {
    if (at === null) failures.push(`incident group ${incident} was not paged`);
    else pagingMs.push(at - firstPostAt.get(incident)!);
  });

  const stored = await countStored(stack, runId);
  if (stored.distinctAlerts !== ALERTS)
    failures.push(`distinct alerts stored: ${stored.distinctAlerts}, expected ${ALERTS}`);
  if (stored.incidents !== INCIDENTS)
    failures.push(`incidents: ${stored.incidents}, expected ${INCIDENTS}`);
  const pushes = push.received.filter(
    (received) => received.endpoint === subscription.endpoint,
  ).length;
  if (pushes !== INCIDENTS)
    failures.push(`pushes: ${pushes}, expected one per incident (${INCIDENTS})`);

  return {
    alerts: ALERTS,
    incidents: INCIDENTS,
    concurrency: CONCURRENCY,
    durationMs: storm.durationMs,
    alertsPerSecond: Math.round((ALERTS / storm.durationMs) * 1000),
    accepted: summarizeLatency(storm.acceptLatenciesMs),
    paging: summarizeLatency(pagingMs),
    acceptedOverLimit: storm.acceptedOverLimit,
    retried: storm.retried,
    storedAlerts: stored.alertRows,
    distinctAlerts: stored.distinctAlerts,
    incidentsOpened: stored.incidents,
    pushes,
    failures,
  };
}

async function countStored(stack: BenchStack, runId: string) {
  const alerts = await sql<{ rows: string; distinct_alerts: string }>`
    SELECT count(*)::text AS rows, count(DISTINCT payload->'labels'->>'seq')::text AS distinct_alerts
    FROM alert WHERE payload->'labels'->>'storm' = ${runId}
  `.execute(stack.db);
  const incidents = await sql<{ count: string }>`
    SELECT count(*)::text AS count FROM incident WHERE dedup_key LIKE ${`%storm="${runId}"%`}
  `.execute(stack.db);
  return {
    alertRows: Number(alerts.rows[0]?.rows ?? 0),
    distinctAlerts: Number(alerts.rows[0]?.distinct_alerts ?? 0),
    incidents: Number(incidents.rows[0]?.count ?? 0),
  };
}

/** Renders the storm section of bench/results/latest.md. */
export function renderStormMarkdown(result: StormBenchResult): string {
  const retried = Object.entries(result.retried)
    .map(([reason, count]) => `${count}× ${reason}`)
    .join(', ');
  return [
    '## Alert storm',
    '',
    `${result.alerts.toLocaleString('en')} Alertmanager webhooks of one alert each, from ${result.concurrency} concurrent clients`,
    `as fast as the server responds, to one integration: ${result.incidents} incident groups, so all but`,
    `${result.incidents} alerts are duplicates. Default rate limits: 8 webhooks of one integration key run at`,
    'once, and above the soft limit of 6,000 a minute they are still stored but only 2 run at once.',
    '',
    '| alerts | seconds | alerts/s | 202 p50 ms | 202 p99 ms | over soft limit | retried | stored (distinct) | incidents | pushes | check |',
    '|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|',
    `| ${result.alerts} | ${(result.durationMs / 1000).toFixed(1)} | ${result.alertsPerSecond} | ${result.accepted.p50Ms} | ${result.accepted.p99Ms} | ${result.acceptedOverLimit} | ${retried || 'none'} | ${result.storedAlerts} (${result.distinctAlerts}) | ${result.incidentsOpened} | ${result.pushes} | ${result.failures.length === 0 ? 'ok' : 'FAIL'} |`,
    '',
    '| paging latency (first alert POST to push decrypted) | samples | p50 ms | p99 ms | max ms |',
    '|---|---:|---:|---:|---:|',
    `| during the storm | ${result.paging.samples} | ${result.paging.p50Ms} | ${result.paging.p99Ms} | ${result.paging.maxMs} |`,
    '',
  ].join('\n');
}
