import { randomBytes, randomUUID } from 'node:crypto';
import {
  RUNBOOK_QUEUE,
  RUNBOOK_RESULTS_QUEUE,
  type RunbookJobData,
  type RunReport,
} from '@pagefree/contracts';
import { createSilentLogger } from '@pagefree/logger';
import { TEST_REDIS_URL } from '@pagefree/testing';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRunnerConfig } from '../src/config.ts';
import { type RunningRunner, startRunner } from '../src/runner.ts';

const SECRET = 'runner-secret-7c1d9e2f';

describe('runbook runner', () => {
  const prefix = `test-runner-${randomBytes(6).toString('hex')}`;
  const reports: RunReport[] = [];
  let connection: Redis;
  let jobs: Queue<RunbookJobData>;
  let collector: Worker<RunReport>;
  let runner: RunningRunner;

  beforeAll(async () => {
    connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    jobs = new Queue(RUNBOOK_QUEUE, { connection, prefix });
    collector = new Worker<RunReport>(
      RUNBOOK_RESULTS_QUEUE,
      async (job) => {
        reports.push(job.data);
      },
      { connection: connection.duplicate(), prefix },
    );
    runner = await startRunner({
      config: loadRunnerConfig({
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: prefix,
        RUNBOOK_MEMORY_LIMIT_MB: '32',
      }),
      logger: createSilentLogger(),
    });
  });
  afterAll(async () => {
    await runner?.close();
    await collector?.close();
    await jobs?.close();
    const keys = await connection.keys(`${prefix}:*`);
    if (keys.length > 0) await connection.del(...keys);
    connection.disconnect();
  });

  function job(script: string, overrides: Partial<RunbookJobData> = {}): RunbookJobData {
    return {
      executionId: randomUUID(),
      attempt: 1,
      script,
      input: { incident: { title: 'Queue depth high' } },
      secrets: [],
      timeoutMs: 5_000,
      network: { allowedHosts: [], privateNetworkHosts: [], allowedMethods: ['GET'] },
      ...overrides,
    };
  }

  async function reportsOf(executionId: string, timeoutMs = 10_000): Promise<RunReport[]> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const mine = reports.filter((report) => report.executionId === executionId);
      if (mine.some((report) => report.type === 'finished')) return mine;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`No finished report for ${executionId} within ${timeoutMs} ms`);
  }

  it('reports start, masked log lines and result', async () => {
    const data = job(
      `log.info('title', input.incident.title, secrets.TOKEN); return { token: secrets.TOKEN, n: 42 };`,
      { secrets: [{ name: 'TOKEN', value: SECRET }] },
    );

    await jobs.add('run', data, {
      jobId: `run-${data.executionId}-1`,
      removeOnComplete: true,
      removeOnFail: true,
    });
    const mine = await reportsOf(data.executionId);

    expect(mine.map((report) => report.type)).toEqual(['started', 'log', 'finished']);
    const log = mine[1] as Extract<RunReport, { type: 'log' }>;
    expect(log.lines.map((line) => line.message)).toEqual([
      'title Queue depth high [masked:TOKEN]',
    ]);
    const finished = mine[2] as Extract<RunReport, { type: 'finished' }>;
    expect(finished).toMatchObject({ status: 'SUCCEEDED', error: null, attempt: 1 });
    expect(JSON.parse(finished.result!)).toEqual({ token: '[masked:TOKEN]', n: 42 });
    expect(JSON.stringify(mine)).not.toContain(SECRET);
    expect(await jobs.getJobState(`run-${data.executionId}-1`)).toBe('unknown');
  });

  it('invalid job is reported failed, not run', async () => {
    const data = job('return 1;', { timeoutMs: 10 });

    await jobs.add('run', data);
    const mine = await reportsOf(data.executionId);

    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      type: 'finished',
      status: 'FAILED',
      error: { code: 'invalid_job', retryable: false },
    });
  });

  it('runs at most four at once', async () => {
    const batch = Array.from({ length: 6 }, () =>
      job('const end = Date.now() + 600; while (Date.now() < end) {} return 1;'),
    );
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, runner.activeRuns());
    }, 10);

    await jobs.addBulk(
      batch.map((data) => ({ name: 'run', data, opts: { removeOnComplete: true } })),
    );
    const finished = await Promise.all(batch.map((data) => reportsOf(data.executionId, 15_000)));
    clearInterval(sampler);

    expect(finished).toHaveLength(6);
    expect(peak).toBe(4);
  });
});
