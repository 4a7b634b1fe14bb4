import { escalationJobId } from '@pagefree/core/queues/paging-queues';
import { QUEUE_NAMES } from '@pagefree/core/queues/queue-names';
import { loadAlertFixture, type SmtpPeer, startSmtpPeer, TEST_REDIS_URL } from '@pagefree/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PagingFixture, seedPagingFixture } from './support/paging-fixture.ts';
import {
  deleteQueueKeys,
  eventually,
  sessionCookie,
  startTestStack,
  type TestStack,
} from './support/stack.ts';
import { trpcClient } from './support/trpc-client.ts';

describe('escalation engine', () => {
  let stack: TestStack;
  let smtp: SmtpPeer;
  let redis: Redis;
  let queue: Queue;

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    stack = await startTestStack({ smtpUrl: smtp.url });
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(QUEUE_NAMES.escalation, {
      connection: redis,
      prefix: stack.config.queuePrefix,
    });
  });
  afterAll(async () => {
    await queue.close();
    redis.disconnect();
    await stack.close();
    await smtp.close();
  });

  async function openIncident(fixture: PagingFixture): Promise<string> {
    const response = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      loadAlertFixture('alertmanager-firing.json'),
    );
    expect(response.status).toBe(202);
    return response.body.incidentId;
  }

  /** User ids paged for the incident, per escalation step, once the step's rows exist. */
  async function pagedUsers(incidentId: string, step: number, expected: number): Promise<string[]> {
    return eventually(
      async () => {
        const rows = await stack.db
          .selectFrom('notification')
          .select('user_id')
          .where('incident_id', '=', incidentId)
          .where('page_key', '=', `escalation:${step}`)
          .execute();
        return rows.length >= expected ? rows.map((row) => row.user_id) : undefined;
      },
      10_000,
      `notifications of step ${step}`,
    );
  }

  /** Fires a delayed escalation job now, standing in for its delay passing. */
  async function fireStep(incidentId: string, step: number): Promise<void> {
    const job = await eventually(
      async () => (await queue.getJob(escalationJobId(incidentId, step))) ?? undefined,
      10_000,
      `job for step ${step}`,
    );
    expect(await job.isDelayed()).toBe(true);
    await job.promote();
  }

  async function incidentState(incidentId: string) {
    return stack.db
      .selectFrom('incident')
      .select([
        'status',
        'escalation_step',
        'escalation_level',
        'escalation_cycle',
        'next_escalation_at',
      ])
      .where('id', '=', incidentId)
      .executeTakeFirstOrThrow();
  }

  it('unacknowledged incident moves from level one to level two', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config, {
      levels: [[0], [1]],
      delayMinutes: 5,
    });
    const incidentId = await openIncident(fixture);

    expect(await pagedUsers(incidentId, 0, 1)).toEqual([fixture.responders[0]!.id]);
    const afterFirst = await eventually(async () => {
      const state = await incidentState(incidentId);
      return state.escalation_step === 1 ? state : undefined;
    });
    expect(afterFirst.escalation_level).toBe(1);
    const delayMs = afterFirst.next_escalation_at!.getTime() - Date.now();
    expect(delayMs).toBeGreaterThan(4 * 60_000);
    expect(delayMs).toBeLessThanOrEqual(5 * 60_000);

    await fireStep(incidentId, 1);

    expect(await pagedUsers(incidentId, 1, 1)).toEqual([fixture.responders[1]!.id]);
    const exhausted = await eventually(async () => {
      const state = await incidentState(incidentId);
      return state.escalation_step === 2 ? state : undefined;
    });
    expect(exhausted.next_escalation_at).toBeNull();
  });

  it('acknowledge stops escalation before level two', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config, { levels: [[0], [1]] });
    const incidentId = await openIncident(fixture);
    await pagedUsers(incidentId, 0, 1);
    await eventually(async () =>
      (await incidentState(incidentId)).escalation_step === 1 ? true : undefined,
    );

    const client = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, fixture.responders[0]!.id),
    });
    const acknowledged = await client.incidents.acknowledge.mutate({ incidentId });
    expect(acknowledged.status).toBe('acknowledged');
    await fireStep(incidentId, 1);
    await eventually(
      async () => ((await queue.getJob(escalationJobId(incidentId, 1))) ? undefined : true),
      10_000,
      'step job to finish',
    );

    const levelTwo = await stack.db
      .selectFrom('notification')
      .select('id')
      .where('incident_id', '=', incidentId)
      .where('page_key', '=', 'escalation:1')
      .execute();
    expect(levelTwo).toHaveLength(0);
    const state = await incidentState(incidentId);
    expect(state.status).toBe('acknowledged');
    expect(state.next_escalation_at).toBeNull();
  });

  it('repeat count cycles back to level one', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config, {
      levels: [[0], [1]],
      repeatCount: 1,
    });
    const incidentId = await openIncident(fixture);
    await pagedUsers(incidentId, 0, 1);

    await fireStep(incidentId, 1);
    await pagedUsers(incidentId, 1, 1);
    await fireStep(incidentId, 2);

    expect(await pagedUsers(incidentId, 2, 1)).toEqual([fixture.responders[0]!.id]);
    const state = await eventually(async () => {
      const current = await incidentState(incidentId);
      return current.escalation_step === 3 ? current : undefined;
    });
    expect(state.escalation_cycle).toBe(1);
    expect(state.escalation_level).toBe(1);
    expect(state.next_escalation_at).not.toBeNull();
  });

  it('worker restart rebuilds due escalations from the database', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config, { levels: [[0], [1]] });
    const incidentId = await openIncident(fixture);
    await pagedUsers(incidentId, 0, 1);
    await eventually(async () =>
      (await incidentState(incidentId)).escalation_step === 1 ? true : undefined,
    );

    // The worker dies and Redis loses every queued job; only the database remembers.
    await stack.stopWorker();
    await deleteQueueKeys(`${stack.config.queuePrefix}:${QUEUE_NAMES.escalation}`);
    await stack.db
      .updateTable('incident')
      .set({ next_escalation_at: new Date(Date.now() - 1000) })
      .where('id', '=', incidentId)
      .execute();
    await stack.startWorker();

    expect(await pagedUsers(incidentId, 1, 1)).toEqual([fixture.responders[1]!.id]);
  });

  it('team target pages responders but not observers', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config, { levels: [[0]] });
    const policy = await stack.db
      .selectFrom('escalation_level')
      .select('id')
      .where('policy_id', '=', fixture.policyId)
      .executeTakeFirstOrThrow();
    await stack.db.deleteFrom('escalation_target').where('level_id', '=', policy.id).execute();
    await stack.db
      .insertInto('escalation_target')
      .values({ level_id: policy.id, target_type: 'team', team_id: fixture.teamId })
      .execute();

    const incidentId = await openIncident(fixture);

    const paged = await pagedUsers(incidentId, 0, 2);
    expect(paged.sort()).toEqual(fixture.responders.map((responder) => responder.id).sort());
    expect(paged).not.toContain(fixture.observer.id);
  });

  it('policy shortened mid-escalation keeps paging its last level', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config, {
      levels: [[0], [1]],
      repeatCount: 1,
    });
    const incidentId = await openIncident(fixture);
    await pagedUsers(incidentId, 0, 1);
    await fireStep(incidentId, 1);
    await pagedUsers(incidentId, 1, 1);
    const admin = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, fixture.admin.id),
    });
    await admin.escalationPolicies.update.mutate({
      policyId: fixture.policyId,
      name: 'Shortened',
      repeatCount: 1,
      levels: [{ delayMinutes: 5, targets: [{ type: 'user', id: fixture.responders[1]!.id }] }],
    });
    await stack.db
      .updateTable('incident')
      .set({ escalation_level: 1 })
      .where('id', '=', incidentId)
      .execute();

    await fireStep(incidentId, 2);

    expect(await pagedUsers(incidentId, 2, 1)).toEqual([fixture.responders[1]!.id]);
  });

  it('member removed from the team is no longer paged', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config, { levels: [[0, 1]] });
    const admin = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, fixture.admin.id),
    });
    await admin.teams.removeMember.mutate({
      teamId: fixture.teamId,
      userId: fixture.responders[1]!.id,
    });

    const incidentId = await openIncident(fixture);

    expect(await pagedUsers(incidentId, 0, 1)).toEqual([fixture.responders[0]!.id]);
  });

  it('policy cannot target another team', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const other = await seedPagingFixture(stack.db, stack.config);
    const admin = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, fixture.admin.id),
    });

    const error = await admin.escalationPolicies.create
      .mutate({
        teamId: fixture.teamId,
        name: 'Cross',
        levels: [{ delayMinutes: 5, targets: [{ type: 'team', id: other.teamId }] }],
      })
      .catch((caught: unknown) => caught);

    expect((error as { data?: { field?: string } }).data?.field).toBe('levels[0].targets[0].id');
  });
});
