import type { AddressInfo } from 'node:net';
// bench/ is not a workspace package, so the Node adapter comes through the status app's link.
import { createAdaptorServer } from '../apps/status/node_modules/@hono/node-server/dist/index.mjs';
import { createNodeStatusApp } from '../apps/status/src/index.ts';
import { SYSTEM_ACTOR } from '../packages/core/src/auth/principal.ts';
import { unannouncedPartnerAccessChanges } from '../packages/core/src/partners/access-changes.ts';
import { createPartner } from '../packages/core/src/partners/accounts/create-partner.ts';
import { createGrant } from '../packages/core/src/partners/grants/create-grant.ts';
import { createAccessToken } from '../packages/core/src/partners/tokens/create-token.ts';
import { openRedis } from '../packages/core/src/runtime/redis.ts';
import { systemClock } from '../packages/core/src/shared/clock.ts';
import { createStatusComponent } from '../packages/core/src/status-pages/components/create-component.ts';
import { createStatusIncident } from '../packages/core/src/status-pages/incidents/create-status-incident.ts';
import { createStatusPage } from '../packages/core/src/status-pages/pages/create-page.ts';
import { createStatusQueue } from '../packages/core/src/status-pages/status-queue.ts';
import { insertUser } from '../packages/core/src/users/create-user.ts';
import { createSilentLogger } from '../packages/logger/src/index.ts';
import { seedBenchFixture } from './seed.ts';
import { type LatencySummary, runConcurrently, summarizeLatency } from './stats.ts';
import type { BenchStack } from './support.ts';

export interface PartnerThroughput {
  target: string;
  requests: number;
  concurrency: number;
  requestsPerSecond: number;
  latency: LatencySummary;
}

export interface PartnerAccessBenchResult {
  throughput: PartnerThroughput[];
  failures: string[];
}

const REQUESTS = 21_000;
const ROUNDS = 3;
const CONCURRENCY = 32;
const WARM_UP_REQUESTS = 1_000;
const UNLIMITED = { points: 100_000_000, windowSeconds: 60 };

/**
 * Benchmarks partner access against the same page served publicly, in one run: a public
 * page with four components and an incident, read anonymously and with a partner access
 * token in `Authorization: Bearer`, as HTML and as summary.json. With a token each request
 * also hashes it (SHA-256), reads the in-process credential cache, counts it in the partner
 * address and credential budgets in Redis and in the usage counters, instead of the public
 * address budget. Limits are raised, since every request comes from one address.
 */
export async function runPartnerAccessBench(stack: BenchStack): Promise<PartnerAccessBenchResult> {
  const failures: string[] = [];
  const logger = createSilentLogger();
  const built = await createNodeStatusApp({
    config: stack.config,
    db: stack.db,
    logger,
    rateLimits: { page: UNLIMITED, api: UNLIMITED },
    partnerRateLimits: { address: UNLIMITED, credential: UNLIMITED },
  });
  const server = createAdaptorServer({ fetch: built.app.fetch });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const producer = openRedis(stack.config.redisUrl, 'producer', logger);
  const statusQueue = createStatusQueue(producer, stack.config.queuePrefix);

  try {
    const { slug, token } = await seedPartnerPage(stack, { baseUrl, statusQueue, logger });
    await waitForPage(`${baseUrl}/${slug}/api/v2/summary.json`, token);

    const bearer = { authorization: `Bearer ${token}` };
    const targets: Array<[string, string, Record<string, string>]> = [
      [`public page /${slug}`, `${baseUrl}/${slug}`, {}],
      [`same page with access token`, `${baseUrl}/${slug}`, bearer],
      [`public /${slug}/api/v2/summary.json`, `${baseUrl}/${slug}/api/v2/summary.json`, {}],
      [`same summary.json with access token`, `${baseUrl}/${slug}/api/v2/summary.json`, bearer],
    ];
    for (const [target, url, headers] of targets) {
      await hammer(url, headers, WARM_UP_REQUESTS, failures, target);
    }
    // Targets take turns, so load from elsewhere on the machine does not land on one only.
    const rounds = new Map<string, Awaited<ReturnType<typeof hammer>>[]>();
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [target, url, headers] of targets) {
        console.error(
          `partner access: round ${round + 1}, ${REQUESTS / ROUNDS} requests to ${target}`,
        );
        rounds.set(target, [
          ...(rounds.get(target) ?? []),
          await hammer(url, headers, REQUESTS / ROUNDS, failures, target),
        ]);
      }
    }
    return {
      throughput: targets.map(([target]) => {
        const runs = rounds.get(target)!;
        const rates = runs.map((run) => run.requestsPerSecond).sort((a, b) => a - b);
        return {
          target,
          requests: REQUESTS,
          concurrency: CONCURRENCY,
          requestsPerSecond: rates[Math.floor(rates.length / 2)]!,
          latency: summarizeLatency(runs.flatMap((run) => run.latencies)),
        };
      }),
      failures,
    };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await built.close();
    await statusQueue.close();
    await producer.quit().catch(() => undefined);
  }
}

/** Creates a public page with content, a partner with access to it and an access token. */
async function seedPartnerPage(
  stack: BenchStack,
  options: {
    baseUrl: string;
    statusQueue: ReturnType<typeof createStatusQueue>;
    logger: ReturnType<typeof createSilentLogger>;
  },
) {
  const fixture = await seedBenchFixture(stack.db, stack.config);
  const author = await insertUser(stack.db, SYSTEM_ACTOR, {
    email: `partner-bench-${Date.now()}@example.com`,
    name: 'Partner bench',
    password: 'correct horse battery staple',
    platformRole: 'PLATFORM_ADMIN',
  });
  const caller = {
    principal: {
      userId: author.id,
      platformRole: 'PLATFORM_ADMIN' as const,
      via: { kind: 'session' as const, sessionId: 'partner-bench' },
    },
    ip: '127.0.0.1',
  };
  const deps = {
    db: stack.db,
    clock: systemClock,
    logger: options.logger,
    statusQueue: options.statusQueue,
    statusSiteUrl: options.baseUrl,
  };
  const team = await stack.db
    .selectFrom('service')
    .select('team_id')
    .where('id', '=', fixture.serviceId)
    .executeTakeFirstOrThrow();
  const slug = `partner-bench-${Date.now().toString(36)}`;
  const page = await createStatusPage(deps, caller, {
    teamId: team.team_id,
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
      serviceIds: [],
    });
  }
  await createStatusIncident(deps, caller, {
    pageId: page.id,
    title: 'Bench incident',
    body: 'Investigating.',
    components: [],
    linkedIncidentIds: [],
    notifySubscribers: false,
  });

  const partnerDeps = {
    db: stack.db,
    clock: systemClock,
    logger: options.logger,
    accessChanges: unannouncedPartnerAccessChanges,
    statusSiteUrl: options.baseUrl,
  };
  const partner = await createPartner(partnerDeps, caller, {
    name: 'Bench partner',
    email: `bench-partner-${Date.now()}@example.com`,
    organisation: 'Bench',
  });
  const grant = await createGrant(partnerDeps, caller, { partnerId: partner.id, pageId: page.id });
  const issued = await createAccessToken(partnerDeps, caller, { grantId: grant.id, name: 'bench' });
  return { slug, token: issued.token };
}

async function hammer(
  url: string,
  headers: Record<string, string>,
  requests: number,
  failures: string[],
  target: string,
) {
  const latencies: number[] = [];
  let bad = 0;
  const started = performance.now();
  await runConcurrently(requests, CONCURRENCY, async () => {
    const sent = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    latencies.push(performance.now() - sent);
    if (response.status !== 200) bad += 1;
  });
  const durationMs = performance.now() - started;
  if (bad > 0) failures.push(`${target}: ${bad} of ${requests} responses were not 200`);
  return { requestsPerSecond: Math.round((requests / durationMs) * 1000), latencies };
}

/** Polls until the page is published and readable with the token; throws after 10 seconds. */
async function waitForPage(url: string, token: string): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline) {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (response.status === 200 && (await response.text()).includes('"Payments"')) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`The partner bench page was not published within 10 seconds: ${url}`);
}

/** Renders the partner access section of bench/results/latest.md. */
export function renderPartnerAccessMarkdown(result: PartnerAccessBenchResult): string {
  const lines = [
    '## Partner access',
    '',
    'One public page read anonymously and with a partner access token (Bearer header),',
    'by the same status app in the bench process. With the token each request is hashed,',
    'checked against the credential cache and counted in the partner budgets in Redis.',
    `requests/s is the median of ${ROUNDS} interleaved rounds; latencies cover all requests.`,
    '',
    '| target | requests | concurrency | requests/s | p50 ms | p99 ms |',
    '|---|---:|---:|---:|---:|---:|',
    ...result.throughput.map(
      (run) =>
        `| ${run.target} | ${run.requests} | ${run.concurrency} | ${run.requestsPerSecond} | ${run.latency.p50Ms} | ${run.latency.p99Ms} |`,
    ),
  ];
  if (result.failures.length > 0) {
    lines.push(
      '',
      '### Failed partner access checks',
      '',
      ...result.failures.map((failure) => `- ${failure}`),
    );
  }
  return `${lines.join('\n')}\n`;
}
