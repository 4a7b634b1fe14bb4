import { randomBytes } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '../apps/status/node_modules/@hono/node-server/dist/index.mjs';
import { createNodeStatusApp } from '../apps/status/src/index.ts';
import { SYSTEM_ACTOR } from '../packages/core/src/auth/principal.ts';
import { createSession } from '../packages/core/src/auth/sessions.ts';
import { openRedis } from '../packages/core/src/runtime/redis.ts';
import { systemClock } from '../packages/core/src/shared/clock.ts';
import { createStatusComponent } from '../packages/core/src/status-pages/components/create-component.ts';
import { createStatusPage } from '../packages/core/src/status-pages/pages/create-page.ts';
import { createStatusQueue } from '../packages/core/src/status-pages/status-queue.ts';
import { insertUser } from '../packages/core/src/users/create-user.ts';
import { createSilentLogger } from '../packages/logger/src/index.ts';
import { type SimpleResponse, sendRequest } from '../packages/testing/src/alert-storm.ts';
import { alertmanagerBody } from './alertmanager.ts';
import { seedBenchFixture } from './seed.ts';
import { type LatencySummary, summarizeLatency } from './stats.ts';
import type { BenchStack } from './support.ts';

/** Loopback is 127.0.0.0/8 on Linux, so these are two clients at different addresses. */
const FLOODER = '127.0.0.2';
const VICTIM = '127.0.0.3';
const SAMPLES = 200;
/** Concurrent flood loops per target. */
const FLOOD_LOOPS = 8;

interface Measured {
  latencies: number[];
  errors: number;
}

export interface FloodTarget {
  name: string;
  quiet: LatencySummary;
  flooded: LatencySummary;
  /** flooded / quiet. */
  ratio: { p50: number; p99: number };
  /** Responses other than the expected status the other client got during the flood. */
  victimErrors: number;
}

export interface FloodBenchResult {
  targets: FloodTarget[];
  /** Flood requests sent and how many got 429. */
  floodRequests: number;
  floodRejected: number;
  failures: string[];
}

/**
 * Measures, in one run, what a flood from one address costs other clients. One client at
 * 127.0.0.3 reads a public status page, lists incidents through the API as a signed-in
 * user and posts a webhook to its own integration, 200 times each one after another. It
 * does so alone first, and then while 24 loops at 127.0.0.2 flood the same status page, the
 * API without a session and another integration key as fast as the servers respond. Default
 * rate limits apply. Load generator, server and status site share this process, so the
 * ratio also includes the CPU time the flood's own requests take.
 */
export async function runFloodBench(stack: BenchStack): Promise<FloodBenchResult> {
  const logger = createSilentLogger();
  const failures: string[] = [];
  const built = await createNodeStatusApp({ config: stack.config, db: stack.db, logger });
  // Without a `createServer` option the adaptor creates a plain node:http server.
  const site = createAdaptorServer({ fetch: built.app.fetch }) as HttpServer;
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', () => resolve()));
  const statusUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  const producer = openRedis(stack.config.redisUrl, 'producer', logger);
  const statusQueue = createStatusQueue(producer, stack.config.queuePrefix);

  try {
    const victimFixture = await seedBenchFixture(stack.db, stack.config);
    const floodFixture = await seedBenchFixture(stack.db, stack.config);
    const slug = await publishPage(stack, statusQueue, statusUrl, victimFixture.serviceId);
    const cookie = await victimCookie(stack);
    const victimBody = alertmanagerBody(
      `{}/{bench="flood-victim"}:{run="${randomBytes(3).toString('hex')}"}`,
    );
    const floodBody = alertmanagerBody(
      `{}/{bench="flood"}:{run="${randomBytes(3).toString('hex')}"}`,
    );

    const victimRequests: Array<{
      name: string;
      expected: number;
      send: () => Promise<SimpleResponse>;
    }> = [
      {
        name: `status page /${slug}`,
        expected: 200,
        send: () => sendRequest({ url: `${statusUrl}/${slug}`, localAddress: VICTIM }),
      },
      {
        name: 'API incidents.list (signed in)',
        expected: 200,
        send: () =>
          sendRequest({
            url: `${stack.serverUrl}/trpc/incidents.list?input=${encodeURIComponent('{}')}`,
            headers: { cookie },
            localAddress: VICTIM,
          }),
      },
      {
        name: 'webhook to its own integration',
        expected: 202,
        send: () =>
          sendRequest({
            url: `${stack.serverUrl}/integrations/${victimFixture.integrationKey}/alertmanager`,
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: victimBody,
            localAddress: VICTIM,
          }),
      },
    ];
    const floods = [
      () => sendRequest({ url: `${statusUrl}/${slug}`, localAddress: FLOODER }),
      () => sendRequest({ url: `${stack.serverUrl}/trpc/auth.session`, localAddress: FLOODER }),
      () =>
        sendRequest({
          url: `${stack.serverUrl}/integrations/${floodFixture.integrationKey}/alertmanager`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: floodBody,
          localAddress: FLOODER,
        }),
    ];

    const measure = async (request: (typeof victimRequests)[number]): Promise<Measured> => {
      const latencies: number[] = [];
      let errors = 0;
      for (let index = 0; index < SAMPLES; index += 1) {
        const started = performance.now();
        const response = await request.send();
        latencies.push(performance.now() - started);
        if (response.status !== request.expected) errors += 1;
      }
      return { latencies, errors };
    };

    const quiet: Measured[] = [];
    for (const request of victimRequests) quiet.push(await measure(request));

    let flooding = true;
    let floodRequests = 0;
    let floodRejected = 0;
    const floodLoops = floods.flatMap((send) =>
      Array.from({ length: FLOOD_LOOPS }, async () => {
        while (flooding) {
          const response = await send().catch(() => null);
          floodRequests += 1;
          if (response?.status === 429) floodRejected += 1;
        }
      }),
    );
    // Let the flood use up its budgets first, so the victim is measured against 429s at full speed.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const flooded: Measured[] = [];
    for (const request of victimRequests) flooded.push(await measure(request));
    flooding = false;
    await Promise.all(floodLoops);

    const targets = victimRequests.map((request, index) => {
      const before = summarizeLatency(quiet[index]!.latencies);
      const during = summarizeLatency(flooded[index]!.latencies);
      const victimErrors = quiet[index]!.errors + flooded[index]!.errors;
      if (victimErrors > 0)
        failures.push(`${request.name}: ${victimErrors} responses other than ${request.expected}`);
      return {
        name: request.name,
        quiet: before,
        flooded: during,
        ratio: {
          p50: Math.round((during.p50Ms / before.p50Ms) * 100) / 100,
          p99: Math.round((during.p99Ms / before.p99Ms) * 100) / 100,
        },
        victimErrors,
      };
    });
    if (floodRejected === 0) failures.push('the flood was never answered 429');
    return { targets, floodRequests, floodRejected, failures };
  } finally {
    const closed = new Promise<void>((resolve) => site.close(() => resolve()));
    site.closeAllConnections();
    await closed;
    await built.close();
    await statusQueue.close();
    producer.disconnect();
  }
}

/** Creates a public page with one component and waits until the worker published it. */
async function publishPage(
  stack: BenchStack,
  statusQueue: ReturnType<typeof createStatusQueue>,
  statusUrl: string,
  serviceId: string,
): Promise<string> {
  const author = await insertUser(stack.db, SYSTEM_ACTOR, {
    email: `flood-bench-${randomBytes(3).toString('hex')}@example.com`,
    name: 'Flood bench',
    password: randomBytes(12).toString('hex'),
    platformRole: 'PLATFORM_ADMIN',
  });
  const caller = {
    principal: {
      userId: author.id,
      platformRole: 'PLATFORM_ADMIN' as const,
      via: { kind: 'session' as const, sessionId: 'flood-bench' },
    },
    ip: '127.0.0.1',
  };
  const deps = {
    db: stack.db,
    clock: systemClock,
    logger: createSilentLogger(),
    statusQueue,
    statusSiteUrl: statusUrl,
  };
  const service = await stack.db
    .selectFrom('service')
    .select('team_id')
    .where('id', '=', serviceId)
    .executeTakeFirstOrThrow();
  const slug = `flood-${randomBytes(3).toString('hex')}`;
  const page = await createStatusPage(deps, caller, {
    teamId: service.team_id,
    slug,
    name: 'Flood bench',
    description: '',
    visibility: 'public',
    timeZone: 'UTC',
    frameAncestors: [],
    supportUrl: null,
  });
  await createStatusComponent(deps, caller, {
    pageId: page.id,
    sectionId: null,
    name: 'API',
    description: '',
    showUptime: true,
    serviceIds: [serviceId],
  });
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const response = await sendRequest({ url: `${statusUrl}/${slug}/api/v2/summary.json` }).catch(
      () => null,
    );
    if (response?.status === 200) return slug;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Status page /${slug} was not published within 15 seconds`);
}

/** Creates a user and returns its session cookie, for the signed-in client of the measurement. */
async function victimCookie(stack: BenchStack): Promise<string> {
  const user = await insertUser(stack.db, SYSTEM_ACTOR, {
    email: `flood-victim-${randomBytes(3).toString('hex')}@example.com`,
    name: 'Flood victim',
    password: randomBytes(12).toString('hex'),
    platformRole: 'PLATFORM_ADMIN',
  });
  const session = await createSession(stack.db, {
    userId: user.id,
    ttlHours: 1,
    now: new Date(),
    ip: null,
    userAgent: 'bench',
  });
  return `pf_session=${session.token}`;
}

/** Renders the flood section of bench/results/latest.md. */
export function renderFloodMarkdown(result: FloodBenchResult): string {
  const rows = result.targets.map(
    (target) =>
      `| ${target.name} | ${target.quiet.p50Ms} | ${target.quiet.p99Ms} | ${target.flooded.p50Ms} | ${target.flooded.p99Ms} | ${target.ratio.p50}x | ${target.ratio.p99}x | ${target.victimErrors} |`,
  );
  return [
    '## Flood from one address',
    '',
    `One client at ${VICTIM} sends ${SAMPLES} requests of each kind one after another, alone and then while`,
    `${FLOOD_LOOPS * 3} loops at ${FLOODER} flood the same status page, the API without a session and another`,
    `integration key. The flood sent ${result.floodRequests} requests, and ${result.floodRejected} got 429. Everything runs`,
    'in the bench process, so the flooded numbers include the CPU time of the flood itself.',
    '',
    '| other client’s request | quiet p50 ms | quiet p99 ms | flooded p50 ms | flooded p99 ms | p50 ratio | p99 ratio | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
}
