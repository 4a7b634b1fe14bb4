import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import type { IngestResult } from './ingest.ts';
import type { PushLatencyResult } from './push-latency.ts';

export interface Environment {
  date: string;
  command: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  /** 1, 5 and 15 minute load averages at the start. Other work on the machine skews results. */
  loadAverageAtStart: number[];
  postgres: string;
  redis: string;
  databasePoolSize: number;
  notificationConcurrency: number;
}

export interface BenchResults {
  environment: Environment;
  ingest: IngestResult[];
  pushLatency: PushLatencyResult[];
  /** Every failed check of the reported and warm-up runs, prefixed with the run's name. */
  failures: string[];
  durationSeconds: number;
}

/** Fields of Environment that the caller measures or configures. */
type RunSettings = Pick<
  Environment,
  'loadAverageAtStart' | 'postgres' | 'redis' | 'databasePoolSize' | 'notificationConcurrency'
>;

/** Describes this machine and process, adding the run settings passed in. */
export function describeEnvironment(settings: RunSettings): Environment {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    command: 'pnpm bench (node --no-node-snapshot bench/run.ts)',
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    ...settings,
  };
}

/** Renders the results as the markdown page written to bench/results/latest.md. */
export function renderMarkdown(results: BenchResults): string {
  const env = results.environment;
  const check = (failures: string[]) => (failures.length === 0 ? 'ok' : 'FAIL');
  const lines = [
    '# PageFree benchmark results',
    '',
    '| | |',
    '|---|---|',
    `| date | ${env.date} |`,
    `| command | \`${env.command}\` |`,
    `| CPUs (os.cpus().length) | ${env.cpus} |`,
    `| CPU model | ${env.cpuModel} |`,
    `| memory | ${env.memoryGiB} GiB |`,
    `| OS | ${env.os} |`,
    `| Node | ${env.node} |`,
    `| load average at start | ${env.loadAverageAtStart.join(', ')} |`,
    `| PostgreSQL | ${env.postgres} |`,
    `| Redis | ${env.redis} |`,
    `| database pool | ${env.databasePoolSize} connections, shared by server and worker |`,
    `| notification concurrency | ${env.notificationConcurrency} |`,
    `| bench duration | ${results.durationSeconds} s |`,
    '',
    'Server, worker, loopback push service and load generator all run in the one bench',
    'process, as the embedded default runs server and worker, so they share its CPU time.',
    '',
    '## Ingest: `POST /integrations/{key}/alertmanager`',
    '',
    '| clients | requests | alerts | groups | requests/s | alerts/s | p50 ms | p99 ms | max ms | check |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...results.ingest.map(
      (run) =>
        `| ${run.clients} | ${run.requests} | ${run.alertsSent} | ${run.groups} | ${run.requestsPerSecond} | ${run.alertsPerSecond} | ` +
        `${run.latency.p50Ms} | ${run.latency.p99Ms} | ${run.latency.maxMs} | ${check(run.failures)} |`,
    ),
    '',
    '## Webhook to push delivered',
    '',
    '| pages | concurrency | 202 p50 ms | push p50 ms | push p99 ms | push max ms | check |',
    '|---:|---:|---:|---:|---:|---:|---|',
    ...results.pushLatency.map(
      (run) =>
        `| ${run.pages} | ${run.concurrency} | ${run.accepted.p50Ms} | ${run.delivered.p50Ms} | ` +
        `${run.delivered.p99Ms} | ${run.delivered.maxMs} | ${check(run.failures)} |`,
    ),
  ];

  if (results.failures.length > 0) {
    lines.push('', '## Failed checks', '', ...results.failures.map((failure) => `- ${failure}`));
  }
  return `${lines.join('\n')}\n`;
}

/** Writes latest.md and latest.json (the raw numbers) to `directory`. */
export async function writeResults(
  directory: URL,
  results: BenchResults,
  markdown: string,
): Promise<void> {
  await mkdir(directory, { recursive: true });
  await writeFile(new URL('latest.md', directory), markdown);
  await writeFile(new URL('latest.json', directory), `${JSON.stringify(results, null, 2)}\n`);
}
