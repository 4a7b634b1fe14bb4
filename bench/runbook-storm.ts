import { randomUUID } from 'node:crypto';
import { type RunnerSupervisor, superviseRunner } from '../apps/runbook-runner/src/index.ts';
import type { Principal } from '../packages/core/src/auth/principal.ts';
import { SYSTEM_ACTOR } from '../packages/core/src/auth/principal.ts';
import { approveVersion } from '../packages/core/src/runbooks/approve-version.ts';
import { createRunbook } from '../packages/core/src/runbooks/create-runbook.ts';
import { runRunbook } from '../packages/core/src/runbooks/run-runbook.ts';
import { createRunnerQueue } from '../packages/core/src/runbooks/runner-queue.ts';
import { openRedis } from '../packages/core/src/runtime/redis.ts';
import { systemClock } from '../packages/core/src/shared/clock.ts';
import { insertUser } from '../packages/core/src/users/create-user.ts';
import { createSilentLogger } from '../packages/logger/src/index.ts';
import type { PushService } from '../packages/testing/src/push-service.ts';
import { alertmanagerBody, postAlertmanager } from './alertmanager.ts';
import { type PushLatencyResult, runPushLatency } from './push-latency.ts';
import { seedBenchFixture } from './seed.ts';
import type { BenchStack } from './support.ts';

export interface RunbookStormResult {
  pages: number;
  /** Pages with no runbook running. */
  quiet: PushLatencyResult;
  /** Pages while `running` CPU-bound runbooks run and at least `queued` wait. */
  storm: PushLatencyResult;
  running: number;
  queued: number;
  /** storm / quiet for the push delivery latency. */
  ratio: { p50: number; p99: number };
  failures: string[];
}

const PAGES = 200;
const WARM_UP_PAGES = 10;
const RUNNING = 4;
const QUEUED = 500;
// Each run spins for 100 s, so the same four stay busy for the whole measured run. The time
// limit is the maximum of 5 minutes, so none is stopped early.
const SPIN_SCRIPT =
  'const end = Date.now() + 100000; let n = 0; while (Date.now() < end) { n += 1; } return n;';
const TIMEOUT_SECONDS = 300;
const STORM_READY_TIMEOUT_MS = 30_000;

/**
 * Measures the paging path with and without a runbook storm in one run. It times alert
 * webhook to push delivered (p50 and p99) first with the runner idle, then while 4 CPU-bound
 * runbooks run (the runner's cap) and 500 more wait in the queue. The runner is a child
 * process under the same supervisor `pnpm start` uses, with its default settings.
 */
export async function runRunbookStorm(
  stack: BenchStack,
  push: PushService,
): Promise<RunbookStormResult> {
  const failures: string[] = [];
  const runner = superviseRunner({
    env: {
      REDIS_URL: stack.config.redisUrl,
      QUEUE_PREFIX: stack.config.queuePrefix,
      LOG_LEVEL: 'silent',
    },
    logger: createSilentLogger(),
    stdio: 'ignore',
  });

  try {
    // Unreported, so the quiet run does not pay for whatever scenario ran before it.
    await runPushLatency(stack, push, { pages: WARM_UP_PAGES, concurrency: 1 });
    console.error(`runbook storm: ${PAGES} pages with the runner idle`);
    const quiet = await runPushLatency(stack, push, { pages: PAGES, concurrency: 1 });

    const storm = await queueStorm(stack);
    const ready = await waitForStorm(stack, storm.runbookId);
    if (ready.running < RUNNING || ready.queued < QUEUED) {
      failures.push(
        `the storm reached ${ready.running} running and ${ready.queued} queued runs, expected ${RUNNING} and ${QUEUED}`,
      );
    }
    console.error(
      `runbook storm: ${PAGES} pages with ${ready.running} runbooks running, ${ready.queued} queued`,
    );
    const loaded = await runPushLatency(stack, push, { pages: PAGES, concurrency: 1 });
    const after = await countRuns(stack, storm.runbookId);
    if (after.running < RUNNING) {
      failures.push(
        `only ${after.running} runbooks were still running when the measured pages ended`,
      );
    }
    await stopStorm(stack, runner, storm.runbookId);

    failures.push(...quiet.failures.map((failure) => `quiet: ${failure}`));
    failures.push(...loaded.failures.map((failure) => `storm: ${failure}`));
    return {
      pages: PAGES,
      quiet,
      storm: loaded,
      running: ready.running,
      queued: ready.queued,
      ratio: {
        p50: round(loaded.delivered.p50Ms / quiet.delivered.p50Ms),
        p99: round(loaded.delivered.p99Ms / quiet.delivered.p99Ms),
      },
      failures,
    };
  } finally {
    await runner.stop();
  }
}

/** Renders the scenario as a section of bench/results/latest.md. */
export function renderRunbookStormMarkdown(result: RunbookStormResult): string {
  const row = (label: string, run: PushLatencyResult) =>
    `| ${label} | ${run.pages} | ${run.delivered.p50Ms} | ${run.delivered.p99Ms} | ${run.delivered.maxMs} |`;
  return [
    '## Paging during a runbook storm',
    '',
    'Webhook to push delivered, one page at a time, first with the runbook runner idle, then',
    `while ${result.running} CPU-bound runbooks run (the runner's limit) and ${result.queued} more wait.`,
    'The runner is a separate process started by the same supervisor as `pnpm start`, which runs',
    'it under SCHED_IDLE on Linux (nice 10 elsewhere).',
    '',
    '| runbooks | pages | push p50 ms | push p99 ms | push max ms |',
    '|---|---:|---:|---:|---:|',
    row('none running', result.quiet),
    row(`${result.running} running, ${result.queued} queued`, result.storm),
    '',
    `Storm / quiet: p50 ${result.ratio.p50}x, p99 ${result.ratio.p99}x.`,
    '',
  ].join('\n');
}

/** Creates and approves a spinning runbook on a team of its own and queues 504 runs of it. */
async function queueStorm(stack: BenchStack): Promise<{ runbookId: string }> {
  const fixture = await seedBenchFixture(stack.db, stack.config);
  const deps = { db: stack.db, clock: systemClock };
  const author = await platformAdmin(stack, 'storm-author');
  const reviewer = await platformAdmin(stack, 'storm-reviewer');
  const team = await stack.db
    .selectFrom('service')
    .select('team_id')
    .where('id', '=', fixture.serviceId)
    .executeTakeFirstOrThrow();

  const created = await createRunbook(
    deps,
    { principal: author, ip: null },
    {
      teamId: team.team_id,
      name: 'Bench storm: spin for 100 s',
      description: '',
      script: SPIN_SCRIPT,
      parametersSchema: { type: 'object', properties: {} },
      allowedHosts: [],
      privateNetworkHosts: [],
      secretNames: [],
      timeoutSeconds: TIMEOUT_SECONDS,
      changeNote: '',
    },
  );
  await approveVersion(deps, { principal: reviewer, ip: null }, created.version.id);

  const response = await postAlertmanager(
    stack.serverUrl,
    fixture.integrationKey,
    alertmanagerBody(`{}/{bench="storm"}:{run="${randomUUID()}"}`, 'Bench storm incident'),
  );
  if (!response.incidentId) throw new Error(`The storm incident was not opened: ${response.error}`);
  for (let index = 0; index < RUNNING + QUEUED; index += 1) {
    await runRunbook(
      deps,
      { principal: author, ip: null },
      {
        incidentId: response.incidentId,
        runbookId: created.runbookId,
        versionId: created.version.id,
        parameters: {},
        confirmationId: randomUUID(),
      },
    );
  }
  return { runbookId: created.runbookId };
}

async function platformAdmin(stack: BenchStack, name: string): Promise<Principal> {
  const user = await insertUser(stack.db, SYSTEM_ACTOR, {
    email: `${name}-${randomUUID().slice(0, 8)}@example.com`,
    name,
    password: 'correct horse battery staple',
    platformRole: 'PLATFORM_ADMIN',
  });
  return {
    userId: user.id,
    platformRole: 'PLATFORM_ADMIN',
    via: { kind: 'session', sessionId: randomUUID() },
  };
}

async function countRuns(stack: BenchStack, runbookId: string) {
  const rows = await stack.db
    .selectFrom('runbook_execution')
    .select(['status', (eb) => eb.fn.countAll<string>().as('count')])
    .where('runbook_id', '=', runbookId)
    .groupBy('status')
    .execute();
  const count = (status: string) => Number(rows.find((row) => row.status === status)?.count ?? 0);
  return { running: count('RUNNING'), queued: count('QUEUED') };
}

/** Waits until the runner has started its four runs. */
async function waitForStorm(stack: BenchStack, runbookId: string) {
  const deadline = Date.now() + STORM_READY_TIMEOUT_MS;
  for (;;) {
    const counts = await countRuns(stack, runbookId);
    if (counts.running >= RUNNING || Date.now() > deadline) return counts;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Cancels the waiting runs, removes their jobs from the runner's queue, stops the runner
 * (ending the running ones) and cancels what the worker queued for a retry meanwhile.
 */
async function stopStorm(stack: BenchStack, runner: RunnerSupervisor, runbookId: string) {
  const cancel = () =>
    stack.db
      .updateTable('runbook_execution')
      .set({ status: 'CANCELLED', finished_at: new Date(), error_code: 'bench_ended' })
      .where('runbook_id', '=', runbookId)
      .where('status', 'in', ['QUEUED', 'RUNNING'])
      .execute();
  await cancel();
  const redis = openRedis(stack.config.redisUrl, 'worker', createSilentLogger());
  const queue = createRunnerQueue(redis, stack.config.queuePrefix);
  try {
    await queue.drain();
  } finally {
    await queue.close();
    redis.disconnect();
  }
  await runner.stop();
  await cancel();
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
