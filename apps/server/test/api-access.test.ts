import { appRouter, createCaller } from '@pagefree/api';
import { createApiKey } from '@pagefree/core/auth/api-keys';
import { actorOf } from '@pagefree/core/auth/principal';
import { systemClock } from '@pagefree/core/shared/clock';
import { loadAlertFixture } from '@pagefree/testing';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PagingFixture, seedPagingFixture } from './support/paging-fixture.ts';
import {
  sessionCookie,
  sessionPrincipal,
  startTestStack,
  type TestStack,
} from './support/stack.ts';
import { trpcClient } from './support/trpc-client.ts';

const PUBLIC_PROCEDURES = new Set(['auth.login', 'auth.session']);

function errorCode(error: unknown): string | undefined {
  if (error instanceof TRPCClientError) return error.data?.code;
  return (error as { code?: string }).code;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return errorCode(error) ?? 'UNKNOWN';
  }
}

describe('API access control', () => {
  let stack: TestStack;
  let fixture: PagingFixture;
  let incidentId: string;

  beforeAll(async () => {
    stack = await startTestStack({ withWorker: false });
    fixture = await seedPagingFixture(stack.db, stack.config);
    const response = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      loadAlertFixture('alertmanager-firing.json'),
    );
    incidentId = response.body.incidentId;
  });
  afterAll(async () => {
    await stack.close();
  });

  function callerFor(principal: ReturnType<typeof sessionPrincipal> | null) {
    return createCaller({
      deps: {
        db: stack.db,
        clock: systemClock,
        events: { publish: () => undefined },
        queues: undefined as never,
        logger: stack.logger,
        encryptionKeys: stack.config.encryption,
        publicUrl: stack.config.publicUrl,
        sessionTtlHours: 1,
        secureCookies: false,
        vapidPublicKey: stack.config.vapid.publicKey,
        push: undefined as never,
        onSessionEnded: () => undefined,
      },
      principal,
      ip: '127.0.0.1',
      userAgent: 'test',
      requestId: 'test',
      logger: stack.logger,
      setCookie: () => undefined,
    });
  }

  const procedurePaths = Object.keys(appRouter._def.procedures).sort();

  it('router has procedures to check', () => {
    expect(procedurePaths.length).toBeGreaterThan(30);
  });

  it.each(procedurePaths.filter((path) => !PUBLIC_PROCEDURES.has(path)))(
    '%s rejects anonymous callers',
    async (path) => {
      const caller = callerFor(null) as unknown as Record<
        string,
        Record<string, (input: unknown) => Promise<unknown>>
      >;
      const [group, ...rest] = path.split('.');
      let target: any = caller[group!];
      for (const part of rest) target = target[part];

      expect(await codeOf(target({}))).toBe('UNAUTHORIZED');
    },
  );

  it.each(procedurePaths.filter((path) => !PUBLIC_PROCEDURES.has(path)))(
    '%s rejects an unknown bearer token over HTTP',
    async (path) => {
      const response = await fetch(`${stack.server.url}/trpc/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer pfk_not-a-real-key' },
        body: '{}',
      });
      const query = await fetch(`${stack.server.url}/trpc/${path}?input=%7B%7D`, {
        headers: { authorization: 'Bearer pfk_not-a-real-key' },
      });

      expect([response.status, query.status]).toContain(401);
      expect(
        [response.status, query.status].every((status) => status === 401 || status === 405),
      ).toBe(true);
    },
  );

  it('observer cannot acknowledge', async () => {
    const caller = callerFor(sessionPrincipal(fixture.observer.id));

    expect(await codeOf(caller.incidents.acknowledge({ incidentId }))).toBe('FORBIDDEN');
    expect((await caller.incidents.get({ incidentId })).id).toBe(incidentId);
  });

  it('user outside the team gets not found', async () => {
    const other = await seedPagingFixture(stack.db, stack.config);
    const caller = callerFor(sessionPrincipal(other.responders[0]!.id));

    expect(await codeOf(caller.incidents.get({ incidentId }))).toBe('NOT_FOUND');
    expect(await codeOf(caller.incidents.acknowledge({ incidentId }))).toBe('NOT_FOUND');
    const list = await caller.incidents.list({});
    expect(list.items.map((item) => item.id)).not.toContain(incidentId);
  });

  it('another team’s configuration reads as not found', async () => {
    const other = await seedPagingFixture(stack.db, stack.config);
    const caller = callerFor(sessionPrincipal(other.responders[0]!.id));
    const randomId = '00000000-0000-4000-8000-000000000000';

    expect(await codeOf(caller.integrations.list({ serviceId: fixture.serviceId }))).toBe(
      'NOT_FOUND',
    );
    expect(await codeOf(caller.integrations.list({ serviceId: randomId }))).toBe('NOT_FOUND');
    expect(await codeOf(caller.escalationPolicies.get({ policyId: fixture.policyId }))).toBe(
      'NOT_FOUND',
    );
    expect(await codeOf(caller.escalationPolicies.get({ policyId: randomId }))).toBe('NOT_FOUND');
  });

  it('non-admin cannot create teams or read the audit log', async () => {
    const caller = callerFor(sessionPrincipal(fixture.responders[0]!.id));

    expect(await codeOf(caller.teams.create({ name: 'Rogue', slug: 'rogue-team' }))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(caller.audit.list({}))).toBe('FORBIDDEN');
  });

  it('read-only API key lists but cannot acknowledge', async () => {
    const responder = fixture.responders[0]!;
    const key = await createApiKey(stack.db, actorOf(sessionPrincipal(responder.id), null), {
      userId: responder.id,
      name: 'dashboard',
      scopes: ['incidents:read'],
      expiresInDays: 1,
      now: new Date(),
    });
    const client = trpcClient(stack.server.url, { bearer: key.token });

    const list = await client.incidents.list.query({});
    expect(list.items.map((item) => item.id)).toContain(incidentId);
    expect(await codeOf(client.incidents.acknowledge.mutate({ incidentId }))).toBe('FORBIDDEN');
    expect(await codeOf(client.notifications.settings.query())).toBe('FORBIDDEN');
    const stored = await stack.db
      .selectFrom('api_key')
      .select('token_hash')
      .where('id', '=', key.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(key.token);
  });

  it('validation error names the field', async () => {
    const client = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, fixture.admin.id),
    });

    const error = await client.escalationPolicies.create
      .mutate({
        teamId: fixture.teamId,
        name: 'Bad',
        levels: [{ delayMinutes: 0, targets: [{ type: 'user', id: fixture.responders[0]!.id }] }],
      })
      .catch((caught: unknown) => caught);

    expect(errorCode(error)).toBe('BAD_REQUEST');
    expect((error as TRPCClientError<never>).message).toMatch(/delayMinutes/);
    expect((error as { data?: { field?: string } }).data?.field).toBe('levels.0.delayMinutes');
  });

  it('NUL character is rejected naming the field', async () => {
    const client = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, fixture.admin.id),
    });

    const error = await client.incidents.addNote
      .mutate({ incidentId, text: 'before\u0000after' })
      .catch((caught: unknown) => caught);

    expect(errorCode(error)).toBe('BAD_REQUEST');
    expect((error as TRPCClientError<never>).message).toMatch(/text: contains a NUL character/);
    expect((error as { data?: { field?: string } }).data?.field).toBe('text');
  });

  it('NUL behind padding is still named', async () => {
    const response = await fetch(`${stack.server.url}/trpc/incidents.addNote`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: await sessionCookie(stack.db, fixture.admin.id),
      },
      body: JSON.stringify({
        padding: new Array(20_000).fill(0),
        incidentId,
        text: 'before\u0000after',
      }),
    });
    const body = await response.json();

    expect(response.status).toBe(400);
    expect(body.error.data.field).toBe('text');
  });

  it('oversized API body is 413', async () => {
    const response = await fetch(`${stack.server.url}/trpc/incidents.addNote`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: await sessionCookie(stack.db, fixture.admin.id),
      },
      body: JSON.stringify({ incidentId, text: 'x'.repeat(3 * 1024 * 1024) }),
    });
    const body = await response.json();

    expect(response.status).toBe(413);
    expect(body.error.message).toMatch(/larger than 2097152 bytes/);
  });

  it('stock validation messages read as sentences', async () => {
    const client = trpcClient(stack.server.url, {
      cookie: await sessionCookie(stack.db, fixture.admin.id),
    });

    const error = await client.incidents.list
      .query({ limit: 100_000 })
      .catch((caught: unknown) => caught);

    expect(errorCode(error)).toBe('BAD_REQUEST');
    expect((error as TRPCClientError<never>).message).toBe('limit: must be at most 200');
  });

  it('acknowledge writes an audit event without payload', async () => {
    const other = await seedPagingFixture(stack.db, stack.config);
    const opened = await stack.post(
      `/integrations/${other.integration.key}/alertmanager`,
      loadAlertFixture('alertmanager-firing.json'),
    );
    const caller = callerFor(sessionPrincipal(other.responders[0]!.id));

    await caller.incidents.acknowledge({ incidentId: opened.body.incidentId });

    const audit = await stack.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'incident.acknowledged')
      .where('resource_id', '=', opened.body.incidentId)
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(other.responders[0]!.id);
    expect(audit.ip).toBe('127.0.0.1');
    expect(JSON.stringify(audit.metadata)).not.toContain('checkout-api');
  });
});

describe('sessions and CSRF', () => {
  let stack: TestStack;
  let fixture: PagingFixture;

  beforeAll(async () => {
    stack = await startTestStack({ withWorker: false });
    fixture = await seedPagingFixture(stack.db, stack.config);
  });
  afterAll(async () => {
    await stack.close();
  });

  async function login(email: string, password: string, headers: Record<string, string> = {}) {
    return fetch(`${stack.server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ email, password }),
    });
  }

  it('login sets an httpOnly SameSite session cookie', async () => {
    const response = await login(fixture.responders[0]!.email, fixture.responders[0]!.password);

    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^pf_session=pfs_/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    const stored = await stack.db
      .selectFrom('user_session')
      .select('token_hash')
      .where('user_id', '=', fixture.responders[0]!.id)
      .execute();
    const token = /pf_session=([^;]+)/.exec(cookie)![1]!;
    expect(stored.some((row) => row.token_hash === token)).toBe(false);
  });

  it('wrong password is rejected and audited', async () => {
    const response = await login(fixture.responders[1]!.email, 'not the password');

    expect(response.status).toBe(401);
    const failures = await stack.db
      .selectFrom('audit_event')
      .select('resource_id')
      .where('action', '=', 'auth.login_failed')
      .where('resource_id', '=', fixture.responders[1]!.id)
      .execute();
    expect(failures).toHaveLength(1);
  });

  it('logout ends the session', async () => {
    const response = await login(fixture.responders[0]!.email, fixture.responders[0]!.password);
    const cookie = /pf_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')![0];
    const client = trpcClient(stack.server.url, { cookie });
    expect((await client.users.me.query()).id).toBe(fixture.responders[0]!.id);

    await client.auth.logout.mutate();

    expect(await codeOf(client.users.me.query())).toBe('UNAUTHORIZED');
  });

  it('cross-origin POST is rejected', async () => {
    const response = await login(fixture.responders[0]!.email, fixture.responders[0]!.password, {
      origin: 'https://evil.example',
    });

    expect(response.status).toBe(403);
  });

  it('form-encoded POST is rejected', async () => {
    const response = await fetch(`${stack.server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({
        email: fixture.responders[0]!.email,
        password: fixture.responders[0]!.password,
      }),
    });

    expect(response.status).toBe(403);
  });
});

describe('sign-in throttling', () => {
  let stack: TestStack;
  let fixture: PagingFixture;

  beforeAll(async () => {
    stack = await startTestStack({ withWorker: false });
    fixture = await seedPagingFixture(stack.db, stack.config);
  });
  afterAll(async () => {
    await stack.close();
  });

  function attempt(password: string) {
    return fetch(`${stack.server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: fixture.responders[0]!.email, password }),
    });
  }

  it('eleventh failed attempt on an account is refused even with the right password', async () => {
    for (let index = 0; index < 10; index += 1) {
      expect((await attempt(`wrong ${index}`)).status).toBe(401);
    }

    const blocked = await attempt(fixture.responders[0]!.password);

    expect(blocked.status).toBe(429);
    expect(JSON.stringify(await blocked.json())).toMatch(/retry after \d+ seconds/);
  });

  it('batched sign-in is refused', async () => {
    const response = await fetch(`${stack.server.url}/trpc/auth.login,auth.login?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        0: { email: fixture.admin.email, password: 'a' },
        1: { email: fixture.admin.email, password: 'b' },
      }),
    });

    expect(response.status).toBe(400);
  });
});
