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
  storedLogs,
  waitForExecution,
} from './runbooks-fixture.ts';
import { eventually, type TestStack } from './support/stack.ts';

describe('runbook runner crash', () => {
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

  it('killed runner leaves no RUNNING run', async () => {
    const { runbookId } = await createApprovedRunbook(fixture, {
      script: `log.info('started'); await new Promise(() => {});`,
      timeoutSeconds: 60,
    });
    const incidentId = await openIncident(stack, fixture);
    const execution = await runManually(fixture, incidentId, runbookId);
    await waitForExecution(stack.db, execution.id, ['RUNNING']);
    await eventually(async () =>
      (await storedLogs(stack.db, execution.id)).length > 0 ? true : undefined,
    );
    const killed = runner.child!;
    const restarted = runner.nextStart();

    killed.kill('SIGKILL');
    const replacement = await restarted;
    const row = await waitForExecution(
      stack.db,
      execution.id,
      ['FAILED', 'SUCCEEDED', 'TIMED_OUT'],
      30_000,
    );

    expect(replacement.pid).not.toBe(killed.pid);
    expect(row.status).toBe('FAILED');
    expect(row.error_code).toBe('runner_lost');
    expect(row.finished_at).not.toBeNull();
    const running = await stack.db
      .selectFrom('runbook_execution')
      .select('id')
      .where('status', '=', 'RUNNING')
      .execute();
    expect(running).toEqual([]);
    const letters = await fixture.api.admin.runbooks.deadLetters.list.query({});
    expect(letters.map((letter) => letter.executionId)).toContain(execution.id);
  });

  it('restarted runner takes new runs', async () => {
    const { runbookId } = await createApprovedRunbook(fixture, {
      script: `return 'after restart';`,
    });
    const incidentId = await openIncident(stack, fixture);

    const execution = await runManually(fixture, incidentId, runbookId);
    const row = await waitForExecution(stack.db, execution.id);

    expect(row.status).toBe('SUCCEEDED');
    expect(row.result).toBe('after restart');
    expect(runner.starts).toBe(2);
  });
});
