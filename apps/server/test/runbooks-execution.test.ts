import type {
  ExecutionFinishedEvent,
  ExecutionLogEvent,
  ExecutionStatusEvent,
  WatchExecutionResponse,
} from '@pagefree/contracts';
import { TEST_REDIS_URL } from '@pagefree/testing';
import { Redis } from 'ioredis';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type HttpsPeer,
  startHttpsPeer,
} from '../../../packages/sandbox/test/support/https-peer.ts';
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
import { connected, socketFor } from './support/socket-client.ts';
import { eventually, type TestStack } from './support/stack.ts';

const SECRET = 'deploy-token-5f1c2a9b7e';

describe('runbook execution', () => {
  let stack: TestStack;
  let runner: RunnerSupervisor;
  let peer: HttpsPeer;
  let fixture: RunbookFixture;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    stack = await startRunbookStack();
    peer = await startHttpsPeer();
    peer.route('/restart', (request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ restarted: true, auth: request.headers.authorization }));
    });
    peer.route('/elsewhere', (_request, response) => {
      response.writeHead(302, { location: `https://localhost:${peer.port}/restart` }).end();
    });
    runner = await startRunnerProcess(stack, { trustedCertificate: peer.certificate });
    fixture = await seedRunbookFixture(stack);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await runner?.stop();
    await peer?.close();
    await stack?.close();
  });

  async function connect(cookie: string): Promise<Socket> {
    const socket = socketFor(stack.server.url, '/runbooks', cookie);
    sockets.push(socket);
    await connected(socket);
    return socket;
  }

  function watch(socket: Socket, executionId: string): Promise<WatchExecutionResponse> {
    return socket.timeout(5_000).emitWithAck('execution.watch', { executionId });
  }

  it('manual run streams live status', async () => {
    const { runbookId } = await createApprovedRunbook(fixture, {
      script: `log.info('restarting', input.parameters.deployment);
               await new Promise((resolve) => resolve());
               log.warn('done with', input.incident.title);
               return { deployment: input.parameters.deployment, ok: true };`,
      parametersSchema: {
        type: 'object',
        properties: { deployment: { type: 'string', default: 'checkout' } },
        additionalProperties: false,
      },
    });
    const incidentId = await openIncident(stack, fixture, 'Checkout latency high');
    const socket = await connect(fixture.cookies.observer);
    const statuses: ExecutionStatusEvent[] = [];
    const lines: string[] = [];
    socket.on('execution.queued', (event: ExecutionStatusEvent) => statuses.push(event));
    socket.on('execution.running', (event: ExecutionStatusEvent) => statuses.push(event));
    socket.on('execution.log', (event: ExecutionLogEvent) =>
      lines.push(...event.lines.map((line) => line.message)),
    );
    const finished = new Promise<ExecutionFinishedEvent>((resolve) =>
      socket.on('execution.finished', resolve),
    );

    const execution = await runManually(fixture, incidentId, runbookId);
    const watched = await watch(socket, execution.id);

    expect(execution.status).toBe('QUEUED');
    expect(watched.ok).toBe(true);
    const result = await finished;
    expect(result.status).toBe('SUCCEEDED');
    expect(result.result).toEqual({ deployment: 'checkout', ok: true });
    expect(statuses.map((event) => event.status)).toEqual(expect.arrayContaining(['RUNNING']));
    await eventually(async () => (lines.length >= 2 ? true : undefined), 5_000, 'log lines');
    expect(lines).toEqual(['restarting checkout', 'done with Checkout latency high']);
    const stored = await fixture.api.observer.runbooks.executions.get.query({
      executionId: execution.id,
    });
    expect(stored.logs.map((line) => line.message)).toEqual(lines);
    expect(stored.script).toContain("log.info('restarting'");
    expect(stored.trigger).toEqual({
      type: 'manual',
      userId: fixture.responders[0]!.id,
      ruleId: null,
      rerunOf: null,
    });
  });
  it('secrets never reach stored output', async () => {
    const { runbookId } = await createApprovedRunbook(fixture, {
      script: `log.info('token is', secrets.DEPLOY_TOKEN);
               console.error({ header: 'Bearer ' + secrets.DEPLOY_TOKEN });
               const response = await fetch('${peer.origin}/restart', {
                 method: 'POST',
                 headers: { authorization: 'Bearer ' + secrets.DEPLOY_TOKEN },
               });
               const body = await response.json();
               log.info('peer saw', body.auth);
               return { token: secrets.DEPLOY_TOKEN, echoed: body };`,
      allowedHosts: [peer.hostEntry],
      privateNetworkHosts: [peer.hostEntry],
      secrets: { DEPLOY_TOKEN: SECRET },
    });
    const incidentId = await openIncident(stack, fixture);
    const socket = await connect(fixture.cookies.responder);
    const seen: unknown[] = [];
    for (const name of [
      'execution.queued',
      'execution.running',
      'execution.log',
      'execution.finished',
    ]) {
      socket.on(name, (event: unknown) => seen.push(event));
    }

    const execution = await runManually(fixture, incidentId, runbookId);
    await watch(socket, execution.id);
    const row = await waitForExecution(stack.db, execution.id);
    await eventually(async () =>
      seen.some((event) => (event as ExecutionFinishedEvent).result) ? true : undefined,
    );

    expect(row.status).toBe('SUCCEEDED');
    expect(peer.received.at(-1)?.headers.authorization).toBe(`Bearer ${SECRET}`);
    const logs = await storedLogs(stack.db, execution.id);
    expect(logs).toEqual([
      'token is [masked:DEPLOY_TOKEN]',
      '{"header":"Bearer [masked:DEPLOY_TOKEN]"}',
      'peer saw Bearer [masked:DEPLOY_TOKEN]',
    ]);
    const everything = JSON.stringify({
      row,
      logs,
      seen,
      detail: await fixture.api.responder.runbooks.executions.get.query({
        executionId: execution.id,
      }),
      runbook: await fixture.api.teamAdmin.runbooks.get.query({ runbookId }),
      secrets: await fixture.api.teamAdmin.runbooks.secrets.list.query({ runbookId }),
      audit: await stack.db.selectFrom('audit_event').selectAll().execute(),
    });
    expect(everything).not.toContain(SECRET);
    expect(await redisValuesContaining(stack.config.queuePrefix, SECRET)).toEqual([]);
  });

  it('disallowed host and redirect to it are refused', async () => {
    const { runbookId } = await createApprovedRunbook(fixture, {
      script: `const outcomes = {};
               const ok = await fetch('${peer.origin}/restart');
               outcomes.allowed = ok.status;
               for (const [name, url] of [['other host', 'https://localhost:${peer.port}/restart'], ['redirect', '${peer.origin}/elsewhere']]) {
                 try { await fetch(url); outcomes[name] = 'reached'; } catch (error) { outcomes[name] = error.message; }
               }
               return outcomes;`,
      allowedHosts: [peer.hostEntry],
      privateNetworkHosts: [peer.hostEntry],
    });
    const incidentId = await openIncident(stack, fixture);
    const restartsBefore = peer.received.filter((request) => request.path === '/restart').length;

    const execution = await runManually(fixture, incidentId, runbookId);
    const row = await waitForExecution(stack.db, execution.id);

    expect(row.status).toBe('SUCCEEDED');
    const outcomes = row.result as Record<string, unknown>;
    expect(outcomes.allowed).toBe(200);
    expect(outcomes['other host']).toContain("is not on this runbook's allowlist");
    expect(outcomes.redirect).toContain('Redirect from 127.0.0.1 to localhost');
    expect(peer.received.filter((request) => request.path === '/restart').length).toBe(
      restartsBefore + 1,
    );
  });

  it('script-like incident title runs like any other', async () => {
    const { runbookId } = await createApprovedRunbook(fixture, {
      script: `log.info(input.incident.title);
               return { title: input.incident.title, length: input.incident.title.length };`,
    });
    const pid = runner.child?.pid;
    const titles = [
      'Disk almost full',
      '"); process.exit(1); ("',
      "'; require('child_process').execSync('id'); '",
    ];

    const rows = [];
    for (const title of titles) {
      const incidentId = await openIncident(stack, fixture, title);
      const execution = await runManually(fixture, incidentId, runbookId);
      rows.push(await waitForExecution(stack.db, execution.id));
    }

    expect(rows.map((row) => row.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    expect(rows.map((row) => row.result)).toEqual(
      titles.map((title) => ({ title, length: title.length })),
    );
    expect(runner.child?.pid).toBe(pid);
  });

  it('repeated confirmation queues one run', async () => {
    const { runbookId } = await createApprovedRunbook(fixture, { script: 'return 1;' });
    const incidentId = await openIncident(stack, fixture);
    const confirmation = await fixture.api.responder.runbooks.prepareRun.mutate({
      incidentId,
      runbookId,
    });
    const request = {
      incidentId,
      runbookId,
      versionId: confirmation.version.id,
      parameters: confirmation.parameters,
      confirmationId: confirmation.confirmationId,
    };

    const [first, second] = await Promise.all([
      fixture.api.responder.runbooks.run.mutate(request),
      fixture.api.responder.runbooks.run.mutate(request),
    ]);

    expect(second.id).toBe(first.id);
    const runs = await fixture.api.responder.runbooks.executions.forIncident.query({ incidentId });
    expect(runs).toHaveLength(1);
  });

  it('rule runs once when a matching incident opens', async () => {
    const own = await seedRunbookFixture(stack);
    const { runbookId } = await createApprovedRunbook(own, {
      script: `return { rule: true, incident: input.incident.number, labels: input.incident.labels.alertname };`,
    });
    const matching = await own.api.teamAdmin.runbooks.rules.create.mutate({
      serviceId: own.serviceId,
      runbookId,
      name: 'High error rate',
      labels: { alertname: 'HighErrorRate' },
    });
    await own.api.teamAdmin.runbooks.rules.create.mutate({
      serviceId: own.serviceId,
      runbookId,
      name: 'Only P5',
      priorities: ['P5'],
    });

    const incidentId = await openIncident(stack, own);
    const execution = await eventually(async () => {
      const runs = await own.api.observer.runbooks.executions.forIncident.query({ incidentId });
      return runs.find((run) => run.status === 'SUCCEEDED');
    });
    // The same alert again, and more passes of the scan: still one run.
    await stack.worker!.runbooks.scan();
    await stack.worker!.runbooks.scan();

    expect(execution.trigger).toEqual({
      type: 'rule',
      userId: null,
      ruleId: matching.id,
      rerunOf: null,
    });
    expect(execution.result).toEqual({
      rule: true,
      incident: expect.any(Number),
      labels: 'HighErrorRate',
    });
    const runs = await own.api.observer.runbooks.executions.forIncident.query({ incidentId });
    expect(runs).toHaveLength(1);
    const evaluations = await stack.db
      .selectFrom('runbook_rule_evaluation')
      .select(['rule_id', 'outcome'])
      .where('incident_id', '=', incidentId)
      .execute();
    expect(evaluations.map((row) => row.outcome).sort()).toEqual(['not_matched', 'queued']);
  });

  it('retries end in a dead letter', async () => {
    const closed = await startHttpsPeer();
    await closed.close();
    const { runbookId } = await createApprovedRunbook(fixture, {
      script: `log.info('attempt', input.execution.attempt); await fetch('${closed.origin}/');`,
      allowedHosts: [closed.hostEntry],
      privateNetworkHosts: [closed.hostEntry],
    });
    const incidentId = await openIncident(stack, fixture);

    const execution = await runManually(fixture, incidentId, runbookId);
    const row = await waitForExecution(stack.db, execution.id);

    expect(row.status).toBe('FAILED');
    expect(row.attempt).toBe(3);
    expect(row.error_code).toBe('network_error');
    expect(await storedLogs(stack.db, execution.id)).toEqual([
      'attempt 1',
      'attempt 2',
      'attempt 3',
    ]);
    const letters = await fixture.api.admin.runbooks.deadLetters.list.query({});
    const letter = letters.find((item) => item.executionId === execution.id);
    expect(letter).toMatchObject({ reason: 'network_error', attempts: 3, runbookId, incidentId });
    await expect(fixture.api.teamAdmin.runbooks.deadLetters.list.query({})).rejects.toMatchObject({
      data: { code: 'FORBIDDEN' },
    });

    const rerun = await fixture.api.admin.runbooks.deadLetters.rerun.mutate({
      deadLetterId: letter!.id,
    });

    expect(rerun.trigger).toMatchObject({ type: 'rerun', rerunOf: execution.id });
    await expect(
      fixture.api.admin.runbooks.deadLetters.rerun.mutate({ deadLetterId: letter!.id }),
    ).rejects.toMatchObject({ data: { code: 'CONFLICT' } });
    expect((await waitForExecution(stack.db, rerun.id)).status).toBe('FAILED');
  });

  it('circuit breaker pauses automatic runs and resumes', async () => {
    const own = await seedRunbookFixture(stack);
    const { runbookId } = await createApprovedRunbook(own, {
      script: `throw new Error('deployment not found');`,
    });
    await own.api.teamAdmin.runbooks.rules.create.mutate({
      serviceId: own.serviceId,
      runbookId,
      name: 'Always',
    });
    const socket = await connect(own.cookies.observer);
    const circuitEvents: Array<{ state: string }> = [];
    socket.on('circuit.changed', (event: { state: string }) => circuitEvents.push(event));

    for (let index = 0; index < 4; index += 1) {
      const incidentId = await openIncident(stack, own);
      await eventually(async () => {
        const runs = await own.api.observer.runbooks.executions.forIncident.query({ incidentId });
        return runs[0]?.status === 'FAILED' ? true : undefined;
      });
    }
    const paused = await openIncident(stack, own);
    const skipped = await eventually(async () => {
      const runs = await own.api.observer.runbooks.executions.forIncident.query({
        incidentId: paused,
      });
      return runs[0];
    });

    expect(skipped.status).toBe('CANCELLED');
    expect(skipped.error?.code).toBe('circuit_open');
    expect((await own.api.observer.runbooks.circuit.query({ teamId: own.teamId })).state).toBe(
      'open',
    );
    await eventually(async () => (circuitEvents.length > 0 ? true : undefined));
    expect(circuitEvents[0]?.state).toBe('open');
    const audit = await stack.db
      .selectFrom('audit_event')
      .select('action')
      .where('team_id', '=', own.teamId)
      .where('action', 'like', 'runbook.circuit%')
      .execute();
    expect(audit.map((row) => row.action)).toContain('runbook.circuit_opened');

    // After the 3 s cool-down the circuit closes and rules run again.
    await eventually(
      async () => (circuitEvents.some((event) => event.state === 'closed') ? true : undefined),
      10_000,
    );
    const resumed = await openIncident(stack, own);
    const run = await eventually(async () => {
      const runs = await own.api.observer.runbooks.executions.forIncident.query({
        incidentId: resumed,
      });
      return runs[0]?.status === 'FAILED' ? runs[0] : undefined;
    });
    expect(run.error?.code).toBe('script_error');
  });

  it('dry run is read-only without secrets', async () => {
    const created = await fixture.api.teamAdmin.runbooks.create.mutate({
      teamId: fixture.teamId,
      name: 'Dry run check',
      script: `const outcome = { secret: secrets.DEPLOY_TOKEN ?? null, dryRun: input.execution.dryRun };
               for (const method of ['GET', 'POST']) {
                 try { await fetch('${peer.origin}/restart', { method }); outcome[method] = 'sent'; }
                 catch (error) { outcome[method] = error.message; }
               }
               return outcome;`,
      allowedHosts: [peer.hostEntry],
      privateNetworkHosts: [peer.hostEntry],
      secretNames: ['DEPLOY_TOKEN'],
    });
    await fixture.api.teamAdmin.runbooks.secrets.set.mutate({
      runbookId: created.runbookId,
      name: 'DEPLOY_TOKEN',
      value: SECRET,
    });
    const incidentId = await openIncident(stack, fixture);
    const requestsBefore = peer.received.length;

    const execution = await fixture.api.teamAdmin.runbooks.dryRun.mutate({
      versionId: created.version.id,
      incidentId,
    });
    const row = await waitForExecution(stack.db, execution.id);

    expect(execution.dryRun).toBe(true);
    expect(row.status).toBe('SUCCEEDED');
    const outcome = row.result as Record<string, unknown>;
    expect(outcome.secret).toBeNull();
    expect(outcome.dryRun).toBe(true);
    expect(outcome.GET).toContain('is a private or loopback address');
    expect(outcome.POST).toContain('Method POST is not allowed here');
    expect(peer.received.length).toBe(requestsBefore);
    expect(row.max_attempts).toBe(1);
  });

  it('watch of another team’s execution is refused', async () => {
    const other = await seedRunbookFixture(stack);
    const { runbookId } = await createApprovedRunbook(fixture, { script: 'return 1;' });
    const incidentId = await openIncident(stack, fixture);
    const execution = await runManually(fixture, incidentId, runbookId);
    const outsider = await connect(other.cookies.observer);
    const leaked: unknown[] = [];
    outsider.on('execution.finished', (event) => leaked.push(event));

    const response = await watch(outsider, execution.id);
    await waitForExecution(stack.db, execution.id);
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(response).toEqual({
      ok: false,
      error: `Runbook execution ${execution.id} was not found.`,
    });
    expect(leaked).toEqual([]);
  });
});

/** Keys under the prefix whose string or hash values contain `needle`. */
async function redisValuesContaining(prefix: string, needle: string): Promise<string[]> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        const value =
          type === 'string'
            ? await redis.get(key)
            : type === 'hash'
              ? JSON.stringify(await redis.hgetall(key))
              : type === 'stream'
                ? JSON.stringify(await redis.xrange(key, '-', '+'))
                : '';
        if (value?.includes(needle)) found.push(key);
      }
    } while (cursor !== '0');
    return found;
  } finally {
    redis.disconnect();
  }
}
