import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunbookExecutionStatusName } from '@pagefree/contracts';
import { SYSTEM_ACTOR } from '@pagefree/core/auth/principal';
import { systemClock } from '@pagefree/core/shared/clock';
import { setTeamMember } from '@pagefree/core/teams/members';
import { insertUser } from '@pagefree/core/users/create-user';
import type { Db, RunbookExecution } from '@pagefree/db';
import { createLogger } from '@pagefree/logger';
import { loadAlertFixture, registerTestSecret, TEST_REDIS_URL } from '@pagefree/testing';
// The server package does not depend on the runner, so tests import it by path and start it
// the way the launcher does.
import { type RunnerSupervisor, superviseRunner } from '../../runbook-runner/src/index.ts';
import { type PagingFixture, seedPagingFixture } from './support/paging-fixture.ts';
import {
  eventually,
  sessionCookie,
  sessionPrincipal,
  startTestStack,
  type TestStack,
} from './support/stack.ts';
import { trpcClient } from './support/trpc-client.ts';

/** Worker settings that make runbook tests fast: 100 ms scans, 2 s lost-run grace, no backoff. */
export const RUNBOOK_TEST_ENV = {
  RUNBOOK_SCAN_MS: '100',
  RUNBOOK_RECONCILE_SECONDS: '1',
  RUNBOOK_LOST_RUN_SECONDS: '2',
  RUNBOOK_RETRY_BACKOFF_SECONDS: '0',
  RUNBOOK_CIRCUIT_COOLDOWN_SECONDS: '3',
};

export interface RunbookFixture extends PagingFixture {
  /** A team admin of the fixture's team: writes runbooks and rules. */
  teamAdmin: { id: string };
  /** A second platform admin, who approves what the first one wrote. */
  reviewer: { id: string };
  api: {
    admin: ReturnType<typeof trpcClient>;
    reviewer: ReturnType<typeof trpcClient>;
    teamAdmin: ReturnType<typeof trpcClient>;
    responder: ReturnType<typeof trpcClient>;
    observer: ReturnType<typeof trpcClient>;
  };
  cookies: { responder: string; observer: string; teamAdmin: string };
}

/** Seeds the paging fixture plus a team admin and a second platform admin, with API clients. */
export async function seedRunbookFixture(stack: TestStack): Promise<RunbookFixture> {
  const paging = await seedPagingFixture(stack.db, stack.config);
  const suffix = randomBytes(4).toString('hex');
  const teamAdmin = await insertUser(stack.db, SYSTEM_ACTOR, {
    email: `team-admin-${suffix}@example.com`,
    name: `Team admin ${suffix}`,
    password: 'correct horse battery staple',
    platformRole: 'USER',
  });
  const reviewer = await insertUser(stack.db, SYSTEM_ACTOR, {
    email: `reviewer-${suffix}@example.com`,
    name: `Reviewer ${suffix}`,
    password: 'correct horse battery staple',
    platformRole: 'PLATFORM_ADMIN',
  });
  await setTeamMember(
    { db: stack.db, clock: systemClock },
    { principal: sessionPrincipal(paging.admin.id, 'PLATFORM_ADMIN'), ip: null },
    { teamId: paging.teamId, userId: teamAdmin.id, role: 'TEAM_ADMIN' },
  );

  const cookies = {
    admin: await sessionCookie(stack.db, paging.admin.id),
    reviewer: await sessionCookie(stack.db, reviewer.id),
    teamAdmin: await sessionCookie(stack.db, teamAdmin.id),
    responder: await sessionCookie(stack.db, paging.responders[0]!.id),
    observer: await sessionCookie(stack.db, paging.observer.id),
  };
  const client = (cookie: string) => trpcClient(stack.server.url, { cookie });
  return {
    ...paging,
    teamAdmin: { id: teamAdmin.id },
    reviewer: { id: reviewer.id },
    api: {
      admin: client(cookies.admin),
      reviewer: client(cookies.reviewer),
      teamAdmin: client(cookies.teamAdmin),
      responder: client(cookies.responder),
      observer: client(cookies.observer),
    },
    cookies,
  };
}

export interface RunbookSpec {
  script: string;
  name?: string;
  parametersSchema?: Record<string, unknown>;
  allowedHosts?: string[];
  privateNetworkHosts?: string[];
  secretNames?: string[];
  timeoutSeconds?: number;
  secrets?: Record<string, string>;
}

/** Creates a team runbook as the team admin, sets its secrets, and has the reviewer approve it. */
export async function createApprovedRunbook(
  fixture: RunbookFixture,
  spec: RunbookSpec,
): Promise<{ runbookId: string; versionId: string }> {
  const created = await fixture.api.teamAdmin.runbooks.create.mutate({
    teamId: fixture.teamId,
    name: spec.name ?? `Runbook ${randomBytes(3).toString('hex')}`,
    script: spec.script,
    parametersSchema: spec.parametersSchema ?? { type: 'object', properties: {} },
    allowedHosts: spec.allowedHosts ?? [],
    privateNetworkHosts: spec.privateNetworkHosts ?? [],
    secretNames: spec.secretNames ?? Object.keys(spec.secrets ?? {}),
    timeoutSeconds: spec.timeoutSeconds ?? 5,
  });
  for (const [name, value] of Object.entries(spec.secrets ?? {})) {
    registerTestSecret('runbook secret', value);
    await fixture.api.teamAdmin.runbooks.secrets.set.mutate({
      runbookId: created.runbookId,
      name,
      value,
    });
  }
  await fixture.api.reviewer.runbooks.approve.mutate({ versionId: created.version.id });
  return { runbookId: created.runbookId, versionId: created.version.id };
}

/** Posts an Alertmanager alert with its own group key and title, and returns the incident id. */
export async function openIncident(
  stack: TestStack,
  fixture: RunbookFixture,
  title = `Disk full ${randomBytes(3).toString('hex')}`,
): Promise<string> {
  const body = loadAlertFixture('alertmanager-firing.json') as Record<string, any>;
  body.groupKey = `{}:{test="${randomBytes(6).toString('hex')}"}`;
  body.commonAnnotations = { ...body.commonAnnotations, summary: title };
  const response = await stack.post(`/integrations/${fixture.integration.key}/alertmanager`, body);
  if (response.status !== 202) {
    throw new Error(`Alert was rejected: HTTP ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body.incidentId as string;
}

/** Runs a runbook manually on an incident as the responder: prepareRun, then run. */
export async function runManually(
  fixture: RunbookFixture,
  incidentId: string,
  runbookId: string,
  parameters: Record<string, unknown> = {},
) {
  const confirmation = await fixture.api.responder.runbooks.prepareRun.mutate({
    incidentId,
    runbookId,
    parameters,
  });
  return fixture.api.responder.runbooks.run.mutate({
    incidentId,
    runbookId,
    versionId: confirmation.version.id,
    parameters: confirmation.parameters,
    confirmationId: confirmation.confirmationId,
  });
}

const FINISHED: RunbookExecutionStatusName[] = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED'];

/** Waits until the execution reaches one of `statuses` (any final status by default). */
export async function waitForExecution(
  db: Db,
  executionId: string,
  statuses: RunbookExecutionStatusName[] = FINISHED,
  timeoutMs = 20_000,
): Promise<RunbookExecution> {
  return eventually(
    async () => {
      const row = await db
        .selectFrom('runbook_execution')
        .selectAll()
        .where('id', '=', executionId)
        .executeTakeFirstOrThrow();
      return statuses.includes(row.status) ? row : undefined;
    },
    timeoutMs,
    `execution ${executionId} to reach ${statuses.join(' or ')}`,
  );
}

/** Returns the log lines stored for an execution, in order. */
export async function storedLogs(db: Db, executionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('runbook_execution_log')
    .select('message')
    .where('execution_id', '=', executionId)
    .orderBy('attempt')
    .orderBy('seq')
    .execute();
  return rows.map((row) => row.message);
}

/**
 * Starts the real runner as a supervised child process on the stack's queues, with a 2 s
 * job lock so a killed runner's job is noticed quickly. `trustedCertificate` is written to a
 * file passed as NODE_EXTRA_CA_CERTS, for loopback HTTPS peers.
 */
export async function startRunnerProcess(
  stack: TestStack,
  options: { trustedCertificate?: string; concurrency?: number } = {},
): Promise<RunnerSupervisor> {
  const env: Record<string, string> = {
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: stack.config.queuePrefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RUNBOOK_LOCK_SECONDS: '2',
    RUNBOOK_MEMORY_LIMIT_MB: '32',
    RUNBOOK_CONCURRENCY: String(options.concurrency ?? 4),
  };
  if (options.trustedCertificate) {
    const file = join(tmpdir(), `pagefree-runner-ca-${randomBytes(4).toString('hex')}.pem`);
    await writeFile(file, options.trustedCertificate);
    env.NODE_EXTRA_CA_CERTS = file;
  }
  const supervisor = superviseRunner({
    env,
    logger: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent', name: 'supervisor' }),
    stdio: process.env.TEST_LOG_LEVEL ? 'inherit' : 'ignore',
  });
  return supervisor;
}

/** Starts a test stack with the runbook test settings. */
export function startRunbookStack(options: { env?: Record<string, string> } = {}) {
  return startTestStack({ env: { ...RUNBOOK_TEST_ENV, ...options.env } });
}
