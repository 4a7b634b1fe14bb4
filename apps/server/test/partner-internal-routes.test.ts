import { type ApiDeps, appRouter } from '@pagefree/api';
import { systemClock } from '@pagefree/core/shared/clock';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createServerApp } from '../src/app.ts';
import {
  fetchWithToken,
  type PartnerFixture,
  signInWithLink,
  startPartnerFixture,
  storeSignInLink,
} from './partner-fixture.ts';
import { sessionCookie, startTestStack, type TestStack } from './support/stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The console built once per run by apps/web/test/build-once.ts. */
    webDistDir: string;
  }
}

/** Procedures reachable without signing in; every other one must return 401 to partners. */
const PUBLIC_PROCEDURES = new Set(['auth.login', 'auth.session']);

interface Credential {
  name: string;
  headers: Record<string, string>;
}

// Partners are validated only by the status site. This file checks the other side of that
// boundary: a real, working partner token and session cookie open nothing on the internal
// server, for every procedure of the router and every route of the Hono app.
describe('partner credentials on the internal server', () => {
  let fixture: PartnerFixture;
  let console_: TestStack;
  let credentials: Credential[];

  beforeAll(async () => {
    // High public and API limits: this file sends a few hundred requests from one address.
    const env = { RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000', RATE_LIMIT_API_PER_MINUTE: '1000000' };
    fixture = await startPartnerFixture({ env });
    // A second server on the same database serves the built console too, so the console's
    // routes are probed as well.
    console_ = await startTestStack({ withWorker: false, webDistDir: inject('webDistDir'), env });
    const link = await storeSignInLink(fixture);
    const { sessionCookie } = await signInWithLink(fixture, link);
    const session = sessionCookie.slice(sessionCookie.indexOf('=') + 1);
    expect(session).toMatch(/^pfps_/);
    credentials = [
      { name: 'access token as Bearer', headers: { authorization: `Bearer ${fixture.token}` } },
      { name: 'partner session cookie', headers: { cookie: `pf_partner_session=${session}` } },
      { name: 'partner session as pf_session', headers: { cookie: `pf_session=${session}` } },
      { name: 'partner session as Bearer', headers: { authorization: `Bearer ${session}` } },
      { name: 'access token as pf_session', headers: { cookie: `pf_session=${fixture.token}` } },
    ];
  });
  afterAll(async () => {
    await console_?.close();
    await fixture?.stack.close();
  });

  it('credentials work on the status site', async () => {
    const byToken = await fetchWithToken(fixture, `/${fixture.page.slug}`);
    const bySession = await fetch(`${fixture.stack.statusUrl}/${fixture.page.slug}`, {
      headers: { cookie: credentials[1]!.headers.cookie! },
    });

    expect(byToken.status).toBe(200);
    expect(bySession.status).toBe(200);
  });

  const procedures = Object.entries(appRouter._def.procedures as Record<string, any>)
    .map(([path, procedure]) => ({ path, type: procedure._def.type as string }))
    .sort((a, b) => a.path.localeCompare(b.path));

  it('router has procedures, partner ones included', () => {
    expect(procedures.length).toBeGreaterThan(100);
    expect(procedures.map((procedure) => procedure.path)).toContain('partners.tokens.create');
  });

  it('an admin session passes the same probe', async () => {
    const cookie = await sessionCookie(fixture.stack.db, fixture.paging.admin.id);

    const response = await fetch(
      `${fixture.stack.server.url}/trpc/partners.list?input=${encodeURIComponent('{}')}`,
      { headers: { cookie } },
    );

    expect(response.status).toBe(200);
  });

  it('every tRPC procedure rejects partner credentials', async () => {
    const problems: string[] = [];
    for (const procedure of procedures) {
      const call = (headers: Record<string, string>) => {
        const url = `${fixture.stack.server.url}/trpc/${procedure.path}`;
        return procedure.type === 'query'
          ? fetch(`${url}?input=${encodeURIComponent('{}')}`, { headers })
          : fetch(url, {
              method: 'POST',
              headers: { 'content-type': 'application/json', ...headers },
              body: '{}',
            });
      };
      const anonymous = await call({});
      const anonymousBody = await anonymous.text();
      for (const credential of credentials) {
        const response = await call(credential.headers);
        const body = await response.text();
        const expected = PUBLIC_PROCEDURES.has(procedure.path) ? anonymous.status : 401;
        if (response.status !== expected) {
          problems.push(
            `${procedure.path} with ${credential.name}: ${response.status}, expected ${expected}`,
          );
        }
        if (PUBLIC_PROCEDURES.has(procedure.path) && body !== anonymousBody) {
          problems.push(
            `${procedure.path} with ${credential.name} answered differently than anonymously`,
          );
        }
        if (response.headers.getSetCookie().length > 0) {
          problems.push(`${procedure.path} with ${credential.name} set a cookie`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('every HTTP route rejects partner credentials', async () => {
    const app = createServerApp({
      // Only the route table is read; nothing is served from this instance.
      api: {
        db: console_.db,
        clock: systemClock,
        publicUrl: console_.config.publicUrl,
        encryptionKeys: console_.config.encryption,
      } as unknown as ApiDeps,
      ingestion: {} as never,
      redis: {} as never,
      logger: console_.logger,
      maxIngestBodyBytes: 1024,
      webDistDir: inject('webDistDir'),
    });
    const routes = [
      ...new Map(
        app.routes.map((route) => [`${route.method} ${route.path}`, route] as const),
      ).values(),
    ];
    expect(routes.length).toBeGreaterThan(5);

    const problems: string[] = [];
    for (const route of routes) {
      const path = route.path
        .replace(/:[A-Za-z]+/g, 'partner-probe')
        .replace(/\*/g, 'partner-probe');
      const methods = route.method === 'ALL' ? ['GET', 'POST'] : [route.method];
      for (const method of methods) {
        const call = (headers: Record<string, string>) =>
          fetch(`${console_.server.url}${path}`, {
            method,
            redirect: 'manual',
            headers: { 'content-type': 'application/json', ...headers },
            ...(method === 'POST' && { body: '{}' }),
          });
        const anonymous = await call({});
        await anonymous.arrayBuffer();
        for (const credential of credentials) {
          const response = await call(credential.headers);
          await response.arrayBuffer();
          const anonymousOk = anonymous.status < 400;
          const partnerOk = response.status < 400;
          if (partnerOk && !anonymousOk) {
            problems.push(
              `${method} ${path} with ${credential.name}: ${response.status}, anonymous ${anonymous.status}`,
            );
          }
          if (anonymousOk && response.status !== anonymous.status) {
            problems.push(
              `${method} ${path} with ${credential.name}: ${response.status}, anonymous ${anonymous.status}`,
            );
          }
          if (response.headers.getSetCookie().length > 0) {
            problems.push(`${method} ${path} with ${credential.name} set a cookie`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(['/incidents', '/runbooks'])(
    '%s socket refuses partner credentials',
    async (namespace) => {
      for (const credential of credentials) {
        const socket = connectSocket(`${fixture.stack.server.url}${namespace}`, {
          transports: ['websocket'],
          extraHeaders: credential.headers,
          reconnection: false,
        });
        const outcome = await new Promise<string>((resolve) => {
          socket.on('connect', () => resolve('connected'));
          socket.on('connect_error', (error) => resolve(`refused: ${error.message}`));
        });
        socket.close();
        expect(outcome, credential.name).toMatch(/^refused/);
      }
    },
  );
});
