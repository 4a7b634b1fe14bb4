import { createAckTokenSigner } from '@pagefree/core/incidents/ack-token';
import { loadAlertFixture } from '@pagefree/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PagingFixture, seedPagingFixture } from './support/paging-fixture.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

// POST /api/push/acknowledge: the push notification's Acknowledge action. The signed token
// is the only credential, so every refusal below must hold without cookies.
describe('push acknowledge route', () => {
  let stack: TestStack;
  let fixture: PagingFixture;
  let signer: ReturnType<typeof createAckTokenSigner>;

  beforeAll(async () => {
    stack = await startTestStack({ withWorker: false });
    fixture = await seedPagingFixture(stack.db, stack.config);
    signer = createAckTokenSigner(stack.config.encryption.current.key);
  });
  afterAll(async () => {
    await stack.close();
  });

  async function openIncident(): Promise<string> {
    const body = loadAlertFixture('alertmanager-firing.json');
    body.groupKey = `push-route-${Math.random()}`;
    const response = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      body,
    );
    return response.body.incidentId;
  }

  function acknowledge(ackToken: unknown, headers: Record<string, string> = {}) {
    return stack.post('/api/push/acknowledge', { ackToken }, headers);
  }

  it('acknowledges as the token user', async () => {
    const incidentId = await openIncident();
    const responder = fixture.responders[0]!;

    const response = await acknowledge(signer.create(incidentId, responder.id, new Date()));

    expect(response.status).toBe(200);
    expect(response.body.status).toBe('acknowledged');
    expect(response.body.incident).toMatchObject({ id: incidentId, status: 'acknowledged' });
    const incident = await stack.db
      .selectFrom('incident')
      .select(['status', 'acknowledged_by'])
      .where('id', '=', incidentId)
      .executeTakeFirstOrThrow();
    expect(incident).toEqual({ status: 'acknowledged', acknowledged_by: responder.id });
    const audit = await stack.db
      .selectFrom('audit_event')
      .select(['actor_type', 'actor_id'])
      .where('action', '=', 'incident.acknowledged')
      .where('resource_id', '=', incidentId)
      .execute();
    expect(audit).toEqual([{ actor_type: 'user', actor_id: responder.id }]);
  });

  it('second tap reports already acknowledged', async () => {
    const incidentId = await openIncident();
    const token = signer.create(incidentId, fixture.responders[0]!.id, new Date());
    await acknowledge(token);

    const again = await acknowledge(token);

    expect(again.status).toBe(200);
    expect(again.body.status).toBe('already_acknowledged');
  });

  it('resolved incident reports already resolved', async () => {
    const incidentId = await openIncident();
    await stack.db
      .updateTable('incident')
      .set({ status: 'resolved', resolved_at: new Date() })
      .where('id', '=', incidentId)
      .execute();

    const response = await acknowledge(
      signer.create(incidentId, fixture.responders[1]!.id, new Date()),
    );

    expect(response.status).toBe(200);
    expect(response.body.status).toBe('already_resolved');
  });

  it.each([
    ['tampered token', (token: string) => `${token.slice(0, -2)}xx`],
    [
      'token of another key',
      () => createAckTokenSigner(Buffer.alloc(32, 7)).create('x', 'y', new Date()),
    ],
    [
      'expired token',
      (_token: string, incidentId: string, userId: string) =>
        signer.create(incidentId, userId, new Date(Date.now() - 25 * 3_600_000)),
    ],
  ])('%s is rejected with 401', async (_name, makeToken) => {
    const incidentId = await openIncident();
    const userId = fixture.responders[0]!.id;
    const valid = signer.create(incidentId, userId, new Date());

    const response = await acknowledge(makeToken(valid, incidentId, userId));

    expect(response.status).toBe(401);
    expect(response.body.message).toContain('open the incident');
    const incident = await stack.db
      .selectFrom('incident')
      .select('status')
      .where('id', '=', incidentId)
      .executeTakeFirstOrThrow();
    expect(incident.status).toBe('triggered');
  });

  it('observer token is forbidden', async () => {
    const incidentId = await openIncident();

    const response = await acknowledge(signer.create(incidentId, fixture.observer.id, new Date()));

    expect(response.status).toBe(403);
  });

  it('user outside the team gets not found', async () => {
    const other = await seedPagingFixture(stack.db, stack.config);
    const incidentId = await openIncident();

    const response = await acknowledge(
      signer.create(incidentId, other.responders[0]!.id, new Date()),
    );

    expect(response.status).toBe(404);
  });

  it('deactivated user is rejected', async () => {
    const extra = await seedPagingFixture(stack.db, stack.config);
    const responder = extra.responders[0]!;
    await stack.db
      .updateTable('app_user')
      .set({ deactivated_at: new Date() })
      .where('id', '=', responder.id)
      .execute();
    const body = loadAlertFixture('alertmanager-firing.json');
    const opened = await stack.post(`/integrations/${extra.integration.key}/alertmanager`, body);

    const response = await acknowledge(
      signer.create(opened.body.incidentId, responder.id, new Date()),
    );

    expect(response.status).toBe(401);
  });

  it.each([
    ['missing token', {}, 'application/json'],
    ['non-string token', { ackToken: 42 }, 'application/json'],
    ['form body', 'ackToken=abc', 'application/x-www-form-urlencoded'],
  ])('%s is rejected with 400', async (_name, body, contentType) => {
    const response = await stack.post('/api/push/acknowledge', body, {
      'content-type': contentType,
    });

    expect(response.status).toBe(400);
  });
});
