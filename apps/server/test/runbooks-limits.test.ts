import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunnerSupervisor } from '../../runbook-runner/src/index.ts';
import {
  createApprovedRunbook,
  openIncident,
  type RunbookFixture,
  runManually,
  seedRunbookFixture,
  startRunbookStack,
  startRunnerProcess,
  waitForExecution,
} from './runbooks-fixture.ts';
import type { TestStack } from './support/stack.ts';

const LIMIT_SECONDS = 2;
/** Time the runner and worker may take beyond the limit to stop the isolate and store the result. */
const SLACK_MS = 1_500;

const BOMBS = {
  'infinite loop': { script: 'while (true) {}', statuses: ['TIMED_OUT'] },
  'loop after an await': {
    script: "await fetch('https://denied.example/').catch(() => null); for (;;) {}",
    statuses: ['TIMED_OUT'],
  },
  'endless promise chain': {
    script: 'const next = () => Promise.resolve().then(next); next(); await new Promise(() => {});',
    statuses: ['TIMED_OUT', 'FAILED'],
  },
  'memory bomb': {
    script:
      'const keep = new Map(); for (let i = 0; ; i += 1) keep.set(i, { i, text: String(i).repeat(50) });',
    statuses: ['FAILED'],
  },
} as const;

describe('runbook limits', () => {
  let stack: TestStack;
  let runner: RunnerSupervisor;
  let fixture: RunbookFixture;

  beforeAll(async () => {
    stack = await startRunbookStack();
    runner = await startRunnerProcess(stack);
    fixture = await seedRunbookFixture(stack);
  });
  afterAll(async () => {
    await runner?.stop();
    await stack?.close();
  });

  /** Requests the server keeps receiving while `done` is pending: health check and an API read. */
  async function probeServerUntil(done: Promise<unknown>, incidentId: string) {
    const samples: Array<{ status: number; ms: number }> = [];
    let finished = false;
    void done.finally(() => {
      finished = true;
    });
    while (!finished) {
      const started = performance.now();
      const health = await fetch(`${stack.server.url}/healthz`);
      await health.arrayBuffer();
      samples.push({ status: health.status, ms: performance.now() - started });
      const readStarted = performance.now();
      const incident = await fixture.api.observer.incidents.get.query({ incidentId });
      samples.push({
        status: incident.id === incidentId ? 200 : 500,
        ms: performance.now() - readStarted,
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return samples;
  }

  it.each(Object.entries(BOMBS))('%s ends within the limit', async (_name, bomb) => {
    const { runbookId } = await createApprovedRunbook(fixture, {
      script: bomb.script,
      timeoutSeconds: LIMIT_SECONDS,
    });
    const incidentId = await openIncident(stack, fixture);

    const execution = await runManually(fixture, incidentId, runbookId);
    const finished = waitForExecution(stack.db, execution.id);
    const samples = await probeServerUntil(finished, incidentId);
    const row = await finished;

    expect(bomb.statuses as readonly string[]).toContain(row.status);
    expect(row.finished_at!.getTime() - row.started_at!.getTime()).toBeLessThan(
      LIMIT_SECONDS * 1000 + SLACK_MS,
    );
    expect(samples.length).toBeGreaterThan(4);
    expect(samples.every((sample) => sample.status === 200)).toBe(true);
    expect(Math.max(...samples.map((sample) => sample.ms))).toBeLessThan(500);
  });

  it('four bombs at once all end', async () => {
    const incidentId = await openIncident(stack, fixture);
    const executions = [];
    for (const bomb of Object.values(BOMBS)) {
      const { runbookId } = await createApprovedRunbook(fixture, {
        script: bomb.script,
        timeoutSeconds: LIMIT_SECONDS,
      });
      executions.push(await runManually(fixture, incidentId, runbookId));
    }

    const finished = Promise.all(
      executions.map((execution) => waitForExecution(stack.db, execution.id)),
    );
    const samples = await probeServerUntil(finished, incidentId);
    const rows = await finished;

    expect(rows.map((row) => row.status)).toEqual(expect.arrayContaining(['TIMED_OUT']));
    expect(rows.every((row) => row.status !== 'RUNNING' && row.status !== 'QUEUED')).toBe(true);
    expect(samples.every((sample) => sample.status === 200)).toBe(true);
    expect(Math.max(...samples.map((sample) => sample.ms))).toBeLessThan(500);
  });
});
