import type { AddressInfo } from 'node:net';
// bench/ is not a workspace package, so the Node adapter comes through the status app's link.
import { createAdaptorServer } from '../apps/status/node_modules/@hono/node-server/dist/index.mjs';
import { createNodeStatusApp, Hono } from '../apps/status/src/index.ts';
import { SYSTEM_ACTOR } from '../packages/core/src/auth/principal.ts';
import { noopIncidentEvents } from '../packages/core/src/events/incident-events.ts';
import type { Caller, IncidentDeps } from '../packages/core/src/incidents/deps.ts';
import { resolveIncident } from '../packages/core/src/incidents/resolve.ts';
import { openRedis } from '../packages/core/src/runtime/redis.ts';
import { systemClock } from '../packages/core/src/shared/clock.ts';
import { createStatusComponent } from '../packages/core/src/status-pages/components/create-component.ts';
import { addStatusIncidentUpdate } from '../packages/core/src/status-pages/incidents/add-status-incident-update.ts';
import { createStatusIncident } from '../packages/core/src/status-pages/incidents/create-status-incident.ts';
import { createStatusPage } from '../packages/core/src/status-pages/pages/create-page.ts';
import { withStatusRecompute } from '../packages/core/src/status-pages/recompute-trigger.ts';
import { createStatusQueue } from '../packages/core/src/status-pages/status-queue.ts';
import { insertUser } from '../packages/core/src/users/create-user.ts';
import { createSilentLogger } from '../packages/logger/src/index.ts';
import { alertmanagerBody, postAlertmanager } from './alertmanager.ts';
import { seedBenchFixture } from './seed.ts';
import { type LatencySummary, runConcurrently, summarizeLatency } from './stats.ts';
import type { BenchStack } from './support.ts';

export interface ThroughputResult {
  target: string;
  requests: number;
  concurrency: number;
  requestsPerSecond: number;
  latency: LatencySummary;
}

export interface StatusBenchResult {
  throughput: ThroughputResult[];
  /** From the call that posts a status update until a GET of the page contains it. */
  updateVisible: LatencySummary;
  /** From an alert webhook's 202 until a GET of the page shows the outage it caused. */
  alertVisible: LatencySummary;
  failures: string[];
}

const REQUESTS = 21_000;
const ROUNDS = 3;
const CONCURRENCY = 32;
const WARM_UP_REQUESTS = 1_000;
const LATENCY_SAMPLES = 20;
const POLL_INTERVAL_MS = 5;
/** A change not visible after this long counts as a failure. */
const VISIBLE_TIMEOUT_MS = 5_000;

/**
 * Benchmarks the status site against the running server and worker of `stack`. It
 * measures requests per second for the cached status page and for summary.json, next to a
 * static "hello" route served by the same Hono app and Node HTTP listener. Then it times a
 * status update, and an alert, until a page GET shows it. The status app runs as in
 * production, with its Redis-backed rate limiter (limits raised, since every request comes
 * from one address) and snapshot cache.
 */
export async function runStatusBench(stack: BenchStack): Promise<StatusBenchResult> {
  const failures: string[] = [];
  const logger = createSilentLogger();
  const built = await createNodeStatusApp({
    config: stack.config,
    db: stack.db,
    logger,
    rateLimits: {
      page: { points: 100_000_000, windowSeconds: 60 },
      api: { points: 100_000_000, windowSeconds: 60 },
    },
  });
  const root = new Hono();
  root.get('/hello', (c) => c.text('hello'));
  root.route('/', built.app);
  const server = createAdaptorServer({ fetch: root.fetch });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const producer = openRedis(stack.config.redisUrl, 'producer', logger);
  const statusQueue = createStatusQueue(producer, stack.config.queuePrefix);

  try {
    const fixture = await seedBenchFixture(stack.db, stack.config);
    const author = await insertUser(stack.db, SYSTEM_ACTOR, {
      email: `status-bench-${Date.now()}@example.com`,
      name: 'Status bench',
      password: 'correct horse battery staple',
      platformRole: 'PLATFORM_ADMIN',
    });
    const caller = {
      principal: {
        userId: author.id,
        platformRole: 'PLATFORM_ADMIN' as const,
        via: { kind: 'session' as const, sessionId: 'status-bench' },
      },
      ip: '127.0.0.1',
    };
    const deps = {
      db: stack.db,
      clock: systemClock,
      logger,
      statusQueue,
      statusSiteUrl: baseUrl,
    };
    // Incident changes queue a recompute through the same wrapper the server uses.
    const incidentDeps: IncidentDeps = {
      db: stack.db,
      clock: systemClock,
      events: withStatusRecompute(noopIncidentEvents, { statusQueue, clock: systemClock, logger }),
    };
    const slug = `bench-${Date.now().toString(36)}`;
    const page = await createStatusPage(deps, caller, {
      teamId: (await teamOf(stack, fixture.serviceId)).team_id,
      slug,
      name: 'Bench Cloud',
      description: 'Benchmark page',
      visibility: 'public',
      timeZone: 'UTC',
      frameAncestors: [],
      supportUrl: null,
    });
    for (const name of ['API', 'Dashboard', 'Webhooks', 'Payments']) {
      await createStatusComponent(deps, caller, {
        pageId: page.id,
        sectionId: null,
        name,
        description: `${name} of the bench cloud`,
        showUptime: true,
        serviceIds: name === 'Payments' ? [fixture.serviceId] : [],
      });
    }
    const incident = await createStatusIncident(deps, caller, {
      pageId: page.id,
      title: 'Bench incident',
      body: 'Investigating.',
      components: [],
      linkedIncidentIds: [],
      notifySubscribers: false,
    });
    await waitFor(`${baseUrl}/${slug}/api/v2/summary.json`, (body) => body.includes('"Payments"'));

    const targets: Array<[string, string]> = [
      ['static "hello" (same Hono server)', `${baseUrl}/hello`],
      [`cached status page /${slug}`, `${baseUrl}/${slug}`],
      [`/${slug}/api/v2/summary.json`, `${baseUrl}/${slug}/api/v2/summary.json`],
    ];
    for (const [target, url] of targets) await hammer(url, WARM_UP_REQUESTS, failures, target);
    // Targets take turns, so a burst of load from elsewhere on the machine does not land on
    // one target only. Each target reports the median rate of its rounds.
    const rounds = new Map<string, Awaited<ReturnType<typeof hammer>>[]>();
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [target, url] of targets) {
        console.error(
          `status site: round ${round + 1}, ${REQUESTS / ROUNDS} requests to ${target}`,
        );
        rounds.set(target, [
          ...(rounds.get(target) ?? []),
          await hammer(url, REQUESTS / ROUNDS, failures, target),
        ]);
      }
    }
    const throughput: ThroughputResult[] = targets.map(([target]) => {
      const runs = rounds.get(target)!;
      const rates = runs.map((run) => run.requestsPerSecond).sort((a, b) => a - b);
      return {
        target,
        requests: REQUESTS,
        concurrency: CONCURRENCY,
        requestsPerSecond: rates[Math.floor(rates.length / 2)]!,
        latency: summarizeLatency(runs.flatMap((run) => run.latencies)),
      };
    });

    const updateSamples: number[] = [];
    for (let index = 0; index < LATENCY_SAMPLES; index += 1) {
      const marker = `bench-update-${index}-${Date.now()}`;
      const started = performance.now();
      await addStatusIncidentUpdate(deps, caller, {
        statusIncidentId: incident.id,
        status: 'identified',
        body: `Progress note ${marker}`,
        notifySubscribers: false,
      });
      const seen = await waitFor(`${baseUrl}/${slug}`, (body) => body.includes(marker));
      if (seen) updateSamples.push(performance.now() - started);
      else failures.push(`status update ${index} not visible after ${VISIBLE_TIMEOUT_MS} ms`);
    }

    const alertSamples: number[] = [];
    for (let index = 0; index < LATENCY_SAMPLES; index += 1) {
      const groupKey = `{}/{bench="status"}:{sample="${index}-${Date.now()}"}`;
      const posted = await postAlertmanager(
        stack.serverUrl,
        fixture.integrationKey,
        alertmanagerBody(groupKey),
      );
      const accepted = performance.now();
      const seen = await waitFor(`${baseUrl}/${slug}/api/v2/components.json`, (body) =>
        body.includes('"name":"Payments","status":"major_outage"'),
      );
      if (posted.status === 202 && seen) alertSamples.push(performance.now() - accepted);
      else
        failures.push(
          `alert ${index} (HTTP ${posted.status}) not visible after ${VISIBLE_TIMEOUT_MS} ms`,
        );
      await resolveOpen(incidentDeps, caller, fixture.serviceId);
      await waitFor(`${baseUrl}/${slug}/api/v2/components.json`, (body) =>
        body.includes('"name":"Payments","status":"operational"'),
      );
    }

    return {
      throughput,
      updateVisible: summarizeLatency(updateSamples),
      alertVisible: summarizeLatency(alertSamples),
      failures,
    };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await built.close();
    await statusQueue.close();
    await producer.quit().catch(() => undefined);
  }
}

async function teamOf(stack: BenchStack, serviceId: string) {
  return stack.db
    .selectFrom('service')
    .select('team_id')
    .where('id', '=', serviceId)
    .executeTakeFirstOrThrow();
}

/** Resolves the service's open incidents through the incident service, as the API does. */
async function resolveOpen(deps: IncidentDeps, caller: Caller, serviceId: string): Promise<void> {
  const open = await deps.db
    .selectFrom('incident')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('status', '<>', 'resolved')
    .execute();
  for (const incident of open) {
    await resolveIncident(deps, caller, incident.id);
  }
}

async function hammer(url: string, requests: number, failures: string[], target: string) {
  const latencies: number[] = [];
  let bad = 0;
  const started = performance.now();
  await runConcurrently(requests, CONCURRENCY, async () => {
    const sent = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    latencies.push(performance.now() - sent);
    if (response.status !== 200) bad += 1;
  });
  const durationMs = performance.now() - started;
  if (bad > 0) failures.push(`${target}: ${bad} of ${requests} responses were not 200`);
  return { requestsPerSecond: Math.round((requests / durationMs) * 1000), latencies };
}

/** Polls `url` until `accept` holds for its body; false after the timeout. */
async function waitFor(url: string, accept: (body: string) => boolean): Promise<boolean> {
  const deadline = performance.now() + VISIBLE_TIMEOUT_MS;
  while (performance.now() < deadline) {
    const response = await fetch(url);
    if (response.status === 200 && accept(await response.text())) return true;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  return false;
}

/** Renders the status site section of bench/results/latest.md. */
export function renderStatusMarkdown(result: StatusBenchResult): string {
  const lines = [
    '## Status site',
    '',
    'Status app, worker and load generator share the bench process; the static route is',
    'served by the same Hono app and Node listener as the status pages. requests/s is the',
    `median of ${ROUNDS} interleaved rounds; latencies cover all requests.`,
    '',
    '| target | requests | concurrency | requests/s | p50 ms | p99 ms |',
    '|---|---:|---:|---:|---:|---:|',
    ...result.throughput.map(
      (run) =>
        `| ${run.target} | ${run.requests} | ${run.concurrency} | ${run.requestsPerSecond} | ${run.latency.p50Ms} | ${run.latency.p99Ms} |`,
    ),
    '',
    `| change visible on the page (polled every ${POLL_INTERVAL_MS} ms) | samples | p50 ms | p99 ms | max ms |`,
    '|---|---:|---:|---:|---:|',
    `| status update posted | ${result.updateVisible.samples} | ${result.updateVisible.p50Ms} | ${result.updateVisible.p99Ms} | ${result.updateVisible.maxMs} |`,
    `| alert accepted (202) | ${result.alertVisible.samples} | ${result.alertVisible.p50Ms} | ${result.alertVisible.p99Ms} | ${result.alertVisible.maxMs} |`,
  ];
  if (result.failures.length > 0) {
    lines.push(
      '',
      '### Failed status site checks',
      '',
      ...result.failures.map((failure) => `- ${failure}`),
    );
  }
  return `${lines.join('\n')}\n`;
}
