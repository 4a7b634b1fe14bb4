// Runs the PageFree benchmarks against real PostgreSQL and Redis and writes
// bench/results/latest.md and latest.json. Exits 1 when a correctness check fails.
import { startServer } from '../apps/server/src/server.ts';
import { startWorker } from '../apps/worker/src/index.ts';
import { createLogger } from '../packages/logger/src/index.ts';
import { startPushService } from '../packages/testing/src/push-service.ts';
import { type IngestOptions, type IngestResult, runIngest } from './ingest.ts';
import { type PushLatencyOptions, type PushLatencyResult, runPushLatency } from './push-latency.ts';
import { type BenchResults, describeEnvironment, renderMarkdown, writeResults } from './report.ts';
import {
  BENCH_POOL_SIZE,
  type BenchStack,
  benchConfig,
  createBenchDatabase,
  deleteQueueKeys,
  serverVersions,
} from './support.ts';

const INGEST_RUNS: IngestOptions[] = [
  { clients: 16, requests: 2000, groups: 50 },
  { clients: 64, requests: 2000, groups: 50 },
];
const PUSH_RUNS: PushLatencyOptions[] = [
  { pages: 200, concurrency: 1 },
  { pages: 200, concurrency: 20 },
];
// Unreported runs first, so JIT compilation, pool connections and TLS sessions are warm.
const INGEST_WARM_UP: IngestOptions = { clients: 16, requests: 200, groups: 10 };
const PUSH_WARM_UP: PushLatencyOptions = { pages: 10, concurrency: 1 };

const started = performance.now();
const database = await createBenchDatabase(BENCH_POOL_SIZE);
const config = benchConfig(database.url);
// Logs go to stderr so that stdout holds only the results.
const logger = createLogger({ level: config.logLevel, name: 'bench', destination: process.stderr });
const cleanups: Array<[string, () => Promise<void>]> = [
  ['drop the bench database', () => database.drop()],
  ['delete the Redis keys', () => deleteQueueKeys(config.queuePrefix)],
];

const failures: string[] = [];
try {
  const push = await startPushService();
  cleanups.unshift(['close the push service', () => push.close()]);
  const server = await startServer({ config, db: database.handle.db, logger });
  cleanups.unshift(['close the server', () => server.close()]);
  const worker = await startWorker({ config, db: database.handle.db, logger, pushAgent: push.agent });
  cleanups.unshift(['close the worker', () => worker.close()]);
  const stack: BenchStack = { db: database.handle.db, config, serverUrl: server.url };

  const ingest: IngestResult[] = [];
  const pushLatency: PushLatencyResult[] = [];
  const record = (name: string, runFailures: string[]) => {
    for (const failure of runFailures) {
      failures.push(`${name}: ${failure}`);
      console.log(`FAIL ${name}: ${failure}`);
    }
  };

  record('ingest warm-up', (await runIngest(stack, INGEST_WARM_UP)).failures);
  for (const options of INGEST_RUNS) {
    console.error(`ingest: ${options.requests} requests from ${options.clients} clients`);
    const result = await runIngest(stack, options);
    record(`ingest ${options.clients} clients`, result.failures);
    ingest.push(result);
  }

  record('push warm-up', (await runPushLatency(stack, push, PUSH_WARM_UP)).failures);
  for (const options of PUSH_RUNS) {
    console.error(`push latency: ${options.pages} pages, ${options.concurrency} at a time`);
    const result = await runPushLatency(stack, push, options);
    record(`push ${options.concurrency} concurrent`, result.failures);
    pushLatency.push(result);
  }

  const results: BenchResults = {
    environment: describeEnvironment({
      ...(await serverVersions(database.handle)),
      databasePoolSize: BENCH_POOL_SIZE,
      notificationConcurrency: config.notificationConcurrency,
    }),
    ingest,
    pushLatency,
    durationSeconds: Math.round((performance.now() - started) / 1000),
  };
  const markdown = renderMarkdown(results);
  await writeResults(new URL('./results/', import.meta.url), results, markdown);
  console.log(markdown);
} catch (error) {
  failures.push(`bench aborted: ${(error as Error).stack ?? String(error)}`);
  console.error('Bench aborted:', error);
} finally {
  for (const [step, cleanup] of cleanups) {
    try {
      await cleanup();
    } catch (error) {
      console.error(`Failed to ${step}:`, error);
    }
  }
}

process.exitCode = failures.length === 0 ? 0 : 1;
