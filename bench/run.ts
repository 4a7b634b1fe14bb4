// Runs the PageFree benchmarks against real PostgreSQL and Redis and writes
// bench/results/latest.md and latest.json. Exits 1 when a correctness check fails.
import { Agent } from 'node:https';
import os from 'node:os';
import { startServer } from '../apps/server/src/server.ts';
import { startWorker } from '../apps/worker/src/index.ts';
import { withTimeout } from '../packages/core/src/runtime/redis.ts';
import { createLogger } from '../packages/logger/src/index.ts';
import { type PushService, startPushService } from '../packages/testing/src/push-service.ts';
import { renderFloodMarkdown, runFloodBench } from './flood.ts';
import { type IngestOptions, type IngestResult, runIngest } from './ingest.ts';
import { renderPartnerAccessMarkdown, runPartnerAccessBench } from './partner-access.ts';
import { type PushLatencyOptions, type PushLatencyResult, runPushLatency } from './push-latency.ts';
import { type BenchResults, describeEnvironment, renderMarkdown, writeResults } from './report.ts';
import { renderRunbookStormMarkdown, runRunbookStorm } from './runbook-storm.ts';
import { renderStatusMarkdown, runStatusBench } from './status-site.ts';
import { renderStormMarkdown, runStormBench } from './storm.ts';
import {
  BENCH_POOL_SIZE,
  type BenchStack,
  benchConfig,
  createBenchDatabase,
  deleteQueueKeys,
  postgresVersion,
  redisVersion,
} from './support.ts';

const INGEST_RUNS: IngestOptions[] = [
  { clients: 16, requests: 2000, groups: 50 },
  { clients: 64, requests: 2000, groups: 50 },
];
const PUSH_RUNS: PushLatencyOptions[] = [
  { pages: 200, concurrency: 1 },
  { pages: 200, concurrency: 20 },
];
// Warm-up runs go first and are not reported, so JIT compilation and connections are warm.
const INGEST_WARM_UP: IngestOptions = { clients: 16, requests: 200, groups: 10 };
const PUSH_WARM_UP: PushLatencyOptions = { pages: 10, concurrency: 1 };
/** Timeout of each shutdown step, so a server that stopped responding cannot block the exit. */
const CLEANUP_TIMEOUT_MS = 15_000;

const failures: string[] = [];
const reportFailures = (name: string, runFailures: string[]) => {
  for (const failure of runFailures) {
    failures.push(`${name}: ${failure}`);
    console.log(`FAIL ${name}: ${failure}`);
  }
};

async function runScenarios(stack: BenchStack, push: PushService) {
  const ingest: IngestResult[] = [];
  reportFailures('ingest warm-up', (await runIngest(stack, INGEST_WARM_UP)).failures);
  for (const options of INGEST_RUNS) {
    console.error(`ingest: ${options.requests} requests from ${options.clients} clients`);
    const result = await runIngest(stack, options);
    reportFailures(`ingest ${options.clients} clients`, result.failures);
    ingest.push(result);
  }

  const pushLatency: PushLatencyResult[] = [];
  const warmUp = await runPushLatency(stack, push, PUSH_WARM_UP);
  reportFailures('push warm-up', warmUp.failures);
  if (warmUp.failures.length > 0) {
    reportFailures('push', ['measured runs skipped because the warm-up failed']);
    return { ingest, pushLatency };
  }
  for (const options of PUSH_RUNS) {
    console.error(`push latency: ${options.pages} pages, ${options.concurrency} at a time`);
    const result = await runPushLatency(stack, push, options);
    reportFailures(`push ${options.concurrency} concurrent`, result.failures);
    pushLatency.push(result);
  }
  return { ingest, pushLatency };
}

const started = performance.now();
const loadAverageAtStart = os.loadavg().map((load) => Math.round(load * 100) / 100);
const redis = await redisVersion();
const database = await createBenchDatabase(BENCH_POOL_SIZE);
const config = benchConfig(database.url);
// Logs go to stderr so that stdout holds only the results.
const logger = createLogger({ level: config.logLevel, name: 'bench', destination: process.stderr });
const cleanups: Array<[string, () => Promise<void>]> = [
  ['drop the bench database', () => database.drop()],
  ['delete the Redis keys', () => deleteQueueKeys(config.queuePrefix)],
];

try {
  const push = await startPushService();
  cleanups.unshift(['close the push service', () => push.close()]);
  const db = database.handle.db;
  const server = await startServer({ config, db, logger });
  cleanups.unshift(['close the server', () => server.close()]);
  // The push service's own agent opens a TLS connection per push. Production pushes go
  // through Node's global agent, which keeps connections alive, so the bench does too.
  const pushAgent = new Agent({ ca: push.ca, keepAlive: true });
  cleanups.unshift(['destroy the push agent', async () => pushAgent.destroy()]);
  const worker = await startWorker({ config, db, logger, pushAgent });
  cleanups.unshift(['close the worker', () => worker.close()]);

  const { ingest, pushLatency } = await runScenarios({ db, config, serverUrl: server.url }, push);
  console.error('status site: cached page, summary.json and time to show a change');
  const statusSite = await runStatusBench({ db, config, serverUrl: server.url });
  reportFailures('status site', statusSite.failures);
  console.error('partner access: a page read with an access token next to the same page public');
  const partnerAccess = await runPartnerAccessBench({ db, config, serverUrl: server.url });
  reportFailures('partner access', partnerAccess.failures);
  console.error('runbook storm: paging with and without 4 CPU-bound runbooks and 500 queued');
  const runbookStorm = await runRunbookStorm({ db, config, serverUrl: server.url }, push);
  reportFailures('runbook storm', runbookStorm.failures);
  console.error('alert storm: 10,000 alerts of 50 incidents from 64 clients');
  const alertStorm = await runStormBench({ db, config, serverUrl: server.url }, push);
  reportFailures('alert storm', alertStorm.failures);
  console.error('flood: another client’s latency while one address floods');
  const flood = await runFloodBench({ db, config, serverUrl: server.url });
  reportFailures('flood', flood.failures);
  const results: BenchResults = {
    environment: describeEnvironment({
      postgres: await postgresVersion(database.handle),
      redis,
      databasePoolSize: BENCH_POOL_SIZE,
      notificationConcurrency: config.notificationConcurrency,
      loadAverageAtStart,
    }),
    ingest,
    pushLatency,
    failures,
    durationSeconds: Math.round((performance.now() - started) / 1000),
  };
  const markdown = `${renderMarkdown(results)}\n${renderStatusMarkdown(statusSite)}\n${renderPartnerAccessMarkdown(partnerAccess)}\n${renderRunbookStormMarkdown(runbookStorm)}\n${renderStormMarkdown(alertStorm)}\n${renderFloodMarkdown(flood)}`;
  await writeResults(
    new URL('./results/', import.meta.url),
    Object.assign(results, { statusSite, partnerAccess, runbookStorm, alertStorm, flood }),
    markdown,
  );
  console.log(markdown);
} catch (error) {
  reportFailures('bench', [`aborted: ${(error as Error).message}`]);
  console.error(error);
}

let cleanupFailed = false;
for (const [step, cleanup] of cleanups) {
  try {
    await withTimeout(cleanup(), CLEANUP_TIMEOUT_MS, step);
  } catch (error) {
    cleanupFailed = true;
    console.error(`Failed to ${step}:`, error);
  }
}

process.exitCode = failures.length === 0 ? 0 : 1;
// A connection left open by a failed shutdown step would keep the process alive.
if (cleanupFailed) process.exit();
