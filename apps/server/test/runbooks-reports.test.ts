import { randomUUID } from 'node:crypto';
import { RUNBOOK_QUEUE, RUNBOOK_RESULTS_QUEUE, type RunReport } from '@pagefree/contracts';
import { runnerJobId } from '@pagefree/core/runbooks/runner-queue';
import { TEST_REDIS_URL } from '@pagefree/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApprovedRunbook,
  openIncident,
  type RunbookFixture,
  runManually,
  seedRunbookFixture,
  startRunbookStack,
  storedLogs,
  waitForExecution,
} from './runbooks-fixture.ts';
import { eventually, type TestStack } from './support/stack.ts';

// No runner runs here: the tests play its part on the real queues, so they can send reports
// out of order, twice, or not at all.
describe('runbook reports and lost runs', () => {
  let stack: TestStack;
  let fixture: RunbookFixture;
  let connection: Redis;
  let results: Queue<RunReport>;
  let jobs: Queue;

  beforeAll(async () => {
    stack = await startRunbookStack();
    fixture = await seedRunbookFixture(stack);
    connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    results = new Queue(RUNBOOK_RESULTS_QUEUE, { connection, prefix: stack.config.queuePrefix });
    jobs = new Queue(RUNBOOK_QUEUE, { connection, prefix: stack.config.queuePrefix });
  });
  afterAll(async () => {
    await results?.close();
    await jobs?.close();
    connection?.disconnect();
    await stack?.close();
  });

  /** Queues a manual run and waits until the worker dispatched its job. */
  async function dispatchedRun(script = 'return 1;', secrets?: Record<string, string>) {
    const { runbookId } = await createApprovedRunbook(fixture, {
      script,
      ...(secrets && { secrets }),
    });
    const incidentId = await openIncident(stack, fixture);
    const execution = await runManually(fixture, incidentId, runbookId);
    await eventually(async () => {
      const state = await jobs.getJobState(runnerJobId(execution.id, 1));
      return state === 'waiting' ? true : undefined;
    });
    return execution.id;
  }

  async function report(data: RunReport): Promise<void> {
    await results.add(data.type, data, { removeOnComplete: true });
  }

  function finished(
    executionId: string,
    overrides: Partial<Extract<RunReport, { type: 'finished' }>> = {},
  ) {
    const now = new Date().toISOString();
    return {
      type: 'finished' as const,
      executionId,
      attempt: 1,
      status: 'SUCCEEDED' as const,
      result: '{"ok":true}',
      error: null,
      startedAt: now,
      finishedAt: now,
      cpuTimeMs: 3,
      outputBytes: 0,
      outputTruncated: false,
      ...overrides,
    };
  }

  it('duplicate and stale reports change nothing', async () => {
    const executionId = await dispatchedRun();
    const at = new Date().toISOString();

    await report({ type: 'started', executionId, attempt: 1, at });
    await report(finished(executionId));
    await waitForExecution(stack.db, executionId);
    await report(
      finished(executionId, {
        status: 'FAILED',
        result: null,
        error: { code: 'x', message: 'late', retryable: true },
      }),
    );
    await report({ type: 'started', executionId, attempt: 1, at });
    await report({
      type: 'log',
      executionId,
      attempt: 1,
      lines: [{ seq: 0, level: 'info', message: 'late line', at }],
    });
    await eventually(async () =>
      (await storedLogs(stack.db, executionId)).length > 0 ? true : undefined,
    );

    const row = await waitForExecution(stack.db, executionId);
    expect(row.status).toBe('SUCCEEDED');
    expect(row.result).toEqual({ ok: true });
    expect(row.error_code).toBeNull();
    expect(await storedLogs(stack.db, executionId)).toEqual(['late line']);
  });

  it('worker masks what the runner let through', async () => {
    const secret = 'leaked-by-runner-0af3';
    const executionId = await dispatchedRun('return 1;', { API_TOKEN: secret });
    const at = new Date().toISOString();

    await report({ type: 'started', executionId, attempt: 1, at });
    await report({
      type: 'log',
      executionId,
      attempt: 1,
      lines: [
        { seq: 0, level: 'info', message: `token ${secret}`, at },
        { seq: 1, level: 'info', message: 'db postgres://app:hunter22@db.internal/app', at },
      ],
    });
    await report(finished(executionId, { result: JSON.stringify({ token: secret }) }));
    const row = await waitForExecution(stack.db, executionId);

    expect(await storedLogs(stack.db, executionId)).toEqual([
      'token [masked:API_TOKEN]',
      'db postgres://app:[masked]@db.internal/app',
    ]);
    expect(row.result).toEqual({ token: '[masked:API_TOKEN]' });
  });

  it('stored output stops at 10 KB', async () => {
    const executionId = await dispatchedRun();
    const at = new Date().toISOString();
    const lines = Array.from({ length: 30 }, (_, seq) => ({
      seq,
      level: 'info' as const,
      message: `${seq} ${'x'.repeat(500)}`,
      at,
    }));

    await report({ type: 'log', executionId, attempt: 1, lines });
    await report(finished(executionId, { result: JSON.stringify('y'.repeat(2000)) }));
    const row = await waitForExecution(stack.db, executionId);

    const stored = await storedLogs(stack.db, executionId);
    const storedBytes = stored.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
    expect(row.output_truncated).toBe(true);
    expect(row.output_bytes).toBe(storedBytes);
    expect(row.output_bytes).toBeLessThanOrEqual(10 * 1024);
    expect(stored.length).toBeLessThan(30);
    expect(row.result).toEqual({
      omitted: expect.stringContaining('did not fit in the output limit'),
    });
  });

  it('lost job is retried, then dead-lettered', async () => {
    const executionId = await dispatchedRun();

    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const jobId = runnerJobId(executionId, attempt);
      await eventually(async () =>
        (await jobs.getJobState(jobId)) === 'waiting' ? true : undefined,
      );
      await jobs.remove(jobId);
      await eventually(async () => {
        await stack.worker!.runbooks.reconcile();
        const row = await stack.db
          .selectFrom('runbook_execution')
          .select(['attempt', 'status'])
          .where('id', '=', executionId)
          .executeTakeFirstOrThrow();
        return row.attempt > attempt || row.status === 'FAILED' ? true : undefined;
      });
    }
    const row = await waitForExecution(stack.db, executionId);

    expect(row.status).toBe('FAILED');
    expect(row.attempt).toBe(3);
    expect(row.error_code).toBe('job_lost');
    const letter = await stack.db
      .selectFrom('runbook_dead_letter')
      .selectAll()
      .where('execution_id', '=', executionId)
      .executeTakeFirstOrThrow();
    expect(letter).toMatchObject({ reason: 'job_lost', attempts: 3 });
  });

  it('missing secret fails the run before it starts', async () => {
    const { runbookId } = await createApprovedRunbook(fixture, {
      script: 'return secrets.MISSING;',
      secretNames: ['MISSING'],
    });
    const incidentId = await openIncident(stack, fixture);

    const execution = await runManually(fixture, incidentId, runbookId);
    const row = await waitForExecution(stack.db, execution.id);

    expect(row.status).toBe('FAILED');
    expect(row.error_code).toBe('secret_unavailable');
    expect(row.error_message).toContain('Secret MISSING is not set for this runbook');
    expect(row.started_at).toBeNull();
    expect(await jobs.getJobState(runnerJobId(execution.id, 1))).toBe('unknown');
    const letters = await fixture.api.admin.runbooks.deadLetters.list.query({});
    expect(letters.map((letter) => letter.executionId)).toContain(execution.id);
  });

  it('report for an unknown execution is dropped', async () => {
    const executionId = randomUUID();

    await report(finished(executionId));
    await eventually(async () =>
      (await results.getCompletedCount()) === 0 && (await results.getActiveCount()) === 0
        ? true
        : undefined,
    );

    const row = await stack.db
      .selectFrom('runbook_execution')
      .select('id')
      .where('id', '=', executionId)
      .executeTakeFirst();
    expect(row).toBeUndefined();
    expect(await results.getFailedCount()).toBe(0);
  });
});
