import type { RunbookExecutionStatusName } from '@pagefree/contracts';
import { startWebhookReceiver, type WebhookReceiver } from '@pagefree/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunnerSupervisor } from '../../../runbook-runner/src/index.ts';
import {
  createApprovedRunbook,
  openIncident,
  type RunbookFixture,
  runManually,
  seedRunbookFixture,
  startRunbookStack,
  startRunnerProcess,
  waitForExecution,
} from '../runbooks-fixture.ts';
import { eventually, sessionCookie, type TestStack } from '../support/stack.ts';
import { trpcClient } from '../support/trpc-client.ts';

/** Runs started before the kill: four run (the runner's limit) and two wait in its queue. */
const RUNS = 6;
const RUNNING_AT_KILL = 4;
/** Incidents opened before the kill and while the runner restarts. */
const PAGES_BEFORE = 10;
const PAGES_DURING = 10;
// Each run keeps a CPU busy for 4 seconds, then succeeds.
const SPIN_SCRIPT =
  'const end = Date.now() + 4000; let n = 0; while (Date.now() < end) { n += 1; } return "done";';

// The runbook runner is killed with SIGKILL while it runs four CPU-bound scripts and two
// more wait. Its supervisor starts a new one. The runs it was running end FAILED with
// `runner_lost` (they are not retried automatically: the script may be what killed it), the
// waiting ones run on the new runner, and every page sent meanwhile arrives exactly once.
describe('runbook runner killed mid-run under load', () => {
  let stack: TestStack;
  let runner: RunnerSupervisor;
  let fixture: RunbookFixture;
  let receiver: WebhookReceiver;
  const executionIds: string[] = [];
  const pagedIncidents: string[] = [];

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    stack = await startRunbookStack();
    runner = await startRunnerProcess(stack);
    fixture = await seedRunbookFixture(stack);
    const cookie = await sessionCookie(stack.db, fixture.responders[0]!.id);
    await trpcClient(stack.server.url, { cookie }).notifications.addContactMethod.mutate({
      type: 'webhook',
      address: receiver.url,
    });

    const { runbookId } = await createApprovedRunbook(fixture, {
      script: SPIN_SCRIPT,
      timeoutSeconds: 30,
    });
    for (let index = 0; index < RUNS; index += 1) {
      const incidentId = await openIncident(stack, fixture);
      pagedIncidents.push(incidentId);
      executionIds.push((await runManually(fixture, incidentId, runbookId)).id);
    }
    await eventually(
      async () =>
        (await countByStatus(stack, executionIds)).RUNNING === RUNNING_AT_KILL ? true : undefined,
      30_000,
      'four runs to be running',
    );
    for (let index = 0; index < PAGES_BEFORE; index += 1)
      pagedIncidents.push(await openIncident(stack, fixture));

    const killed = runner.child!;
    const restarted = runner.nextStart();
    killed.kill('SIGKILL');
    for (let index = 0; index < PAGES_DURING; index += 1)
      pagedIncidents.push(await openIncident(stack, fixture));
    await restarted;

    await Promise.all(executionIds.map((id) => waitForExecution(stack.db, id, undefined, 60_000)));
    await eventually(
      async () => {
        const rows = await webhookNotifications(stack, pagedIncidents);
        return rows.length === pagedIncidents.length && rows.every((row) => row.status === 'sent')
          ? true
          : undefined;
      },
      60_000,
      'every page to be sent',
    );
  });
  afterAll(async () => {
    await runner?.stop();
    await stack?.close();
    await receiver?.close();
  });

  it('runs cut off by the kill end failed as lost', async () => {
    const rows = await stack.db
      .selectFrom('runbook_execution')
      .select(['status', 'error_code'])
      .where('id', 'in', executionIds)
      .where('status', '=', 'FAILED')
      .execute();

    expect(rows).toHaveLength(RUNNING_AT_KILL);
    expect(rows.every((row) => row.error_code === 'runner_lost')).toBe(true);
  });

  it('runs waiting at the kill succeed on the new runner', async () => {
    expect((await countByStatus(stack, executionIds)).SUCCEEDED).toBe(RUNS - RUNNING_AT_KILL);
  });

  it('no run is left running or queued', async () => {
    const counts = await countByStatus(stack, executionIds);

    expect(counts.RUNNING ?? 0).toBe(0);
    expect(counts.QUEUED ?? 0).toBe(0);
  });

  it('every page arrived exactly once', () => {
    const perDelivery = new Map<string, number>();
    for (const request of receiver.requests) {
      const id = String(request.headers['x-pagefree-delivery']);
      perDelivery.set(id, (perDelivery.get(id) ?? 0) + 1);
    }

    expect(perDelivery.size).toBe(pagedIncidents.length);
    expect([...perDelivery.values()].every((count) => count === 1)).toBe(true);
  });
});

async function countByStatus(
  stack: TestStack,
  executionIds: string[],
): Promise<Partial<Record<RunbookExecutionStatusName, number>>> {
  const rows = await stack.db
    .selectFrom('runbook_execution')
    .select('status')
    .where('id', 'in', executionIds)
    .execute();
  const counts: Partial<Record<RunbookExecutionStatusName, number>> = {};
  for (const row of rows) counts[row.status] = (counts[row.status] ?? 0) + 1;
  return counts;
}

async function webhookNotifications(stack: TestStack, incidentIds: string[]) {
  return stack.db
    .selectFrom('notification')
    .select(['incident_id', 'status'])
    .where('incident_id', 'in', incidentIds)
    .where('channel', '=', 'webhook')
    .execute();
}
