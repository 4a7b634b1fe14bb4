import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPagingFixture } from './support/paging-fixture.ts';
import { type StatusStack, startStatusStack } from './support/status-fixture.ts';

// Every test request connects from 127.0.0.1, which this stack trusts as a reverse proxy, so
// X-Forwarded-For decides whose budget a request counts against.
describe('behind a trusted proxy', () => {
  let stack: StatusStack;

  beforeAll(async () => {
    stack = await startStatusStack({
      env: { TRUSTED_PROXIES: '127.0.0.1,::1' },
      rateLimits: {
        page: { points: 3, windowSeconds: 60 },
        subscribe: { points: 1000, windowSeconds: 3600 },
      },
    });
  });
  afterAll(async () => {
    await stack.close();
  });

  const pageStatus = async (forwardedFor: string) =>
    (
      await fetch(`${stack.statusUrl}/no-such-page`, {
        headers: { 'x-forwarded-for': forwardedFor },
      })
    ).status;

  it('each forwarded client has its own status budget', async () => {
    for (let request = 0; request < 3; request += 1) {
      expect(await pageStatus('203.0.113.7')).toBe(404);
    }

    expect(await pageStatus('203.0.113.7')).toBe(429);
    expect(await pageStatus('203.0.113.8')).toBe(404);
  });

  it('entries the client wrote are not believed', async () => {
    for (let request = 0; request < 3; request += 1) {
      expect(await pageStatus('203.0.113.20')).toBe(404);
    }

    expect(await pageStatus('198.51.100.1, 203.0.113.20')).toBe(429);
  });

  it('audit events record the forwarded address', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    await fetch(`${stack.server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.44' },
      body: JSON.stringify({ email: fixture.observer.email, password: 'not the password' }),
    });

    const event = await stack.db
      .selectFrom('audit_event')
      .select('ip')
      .where('action', '=', 'auth.login_failed')
      .orderBy('occurred_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(event.ip).toBe('192.0.2.44');
  });
});
