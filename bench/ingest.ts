import type { Db } from '../packages/db/src/index.ts';
import { ALERTS_PER_WEBHOOK, alertmanagerBody, postAlertmanager } from './alertmanager.ts';
import { seedBenchFixture } from './seed.ts';
import { type LatencySummary, runConcurrently, summarizeLatency } from './stats.ts';
import type { BenchStack } from './support.ts';

export interface IngestOptions {
  clients: number;
  requests: number;
  /** Number of distinct `groupKey` values. Request i uses group i mod groups. */
  groups: number;
}

export interface IngestResult extends IngestOptions {
  alertsSent: number;
  durationMs: number;
  requestsPerSecond: number;
  alertsPerSecond: number;
  latency: LatencySummary;
  storedAlerts: number;
  incidents: number;
  /** Sum of `incident.alert_count`, which each stored firing alert increments by one. */
  incidentAlertCount: number;
  /** One line per failed check, empty when the run is correct. */
  failures: string[];
}

/**
 * Posts `requests` Alertmanager webhooks from `clients` concurrent loops to a fresh
 * integration, then checks in the database that every alert was stored and that each group
 * opened exactly one incident. The first request of a group opens its incident and every
 * later one is a duplicate that joins it.
 */
export async function runIngest(stack: BenchStack, options: IngestOptions): Promise<IngestResult> {
  const fixture = await seedBenchFixture(stack.db, stack.config);
  const bodies = Array.from({ length: options.groups }, (_, group) =>
    alertmanagerBody(`{}/{bench="ingest"}:{group="${group}"}`),
  );
  const latencies: number[] = [];
  const failures: string[] = [];
  let rejected = 0;

  const started = performance.now();
  await runConcurrently(options.requests, options.clients, async (index) => {
    const sent = performance.now();
    const response = await postAlertmanager(
      stack.serverUrl,
      fixture.integrationKey,
      bodies[index % options.groups]!,
    );
    latencies.push(performance.now() - sent);
    if (response.status !== 202) {
      rejected += 1;
      if (rejected === 1)
        failures.push(`request ${index} returned HTTP ${response.status}: ${response.error}`);
    }
  });
  const durationMs = performance.now() - started;

  if (rejected > 1) failures.push(`${rejected} of ${options.requests} requests did not return 202`);
  const counts = await countStored(stack.db, fixture.integrationId, fixture.serviceId);
  const alertsSent = options.requests * ALERTS_PER_WEBHOOK;
  if (counts.storedAlerts !== alertsSent) {
    failures.push(`alert rows: ${counts.storedAlerts}, expected ${alertsSent}`);
  }
  if (counts.incidents !== options.groups) {
    failures.push(`incidents: ${counts.incidents}, expected ${options.groups} (one per group)`);
  }
  if (counts.incidentAlertCount !== alertsSent) {
    failures.push(
      `sum of incident.alert_count: ${counts.incidentAlertCount}, expected ${alertsSent}`,
    );
  }

  return {
    ...options,
    alertsSent,
    durationMs: Math.round(durationMs),
    requestsPerSecond: Math.round((options.requests / durationMs) * 1000),
    alertsPerSecond: Math.round((alertsSent / durationMs) * 1000),
    latency: summarizeLatency(latencies),
    ...counts,
    failures,
  };
}

async function countStored(db: Db, integrationId: string, serviceId: string) {
  const alerts = await db
    .selectFrom('alert')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('integration_id', '=', integrationId)
    .executeTakeFirstOrThrow();
  const incidents = await db
    .selectFrom('incident')
    .select((eb) => [
      eb.fn.countAll<string>().as('count'),
      eb.fn.sum<string | null>('alert_count').as('alert_count'),
    ])
    .where('service_id', '=', serviceId)
    .executeTakeFirstOrThrow();
  return {
    storedAlerts: Number(alerts.count),
    incidents: Number(incidents.count),
    incidentAlertCount: Number(incidents.alert_count ?? 0),
  };
}
