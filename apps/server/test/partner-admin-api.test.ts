import { appRouter } from '@pagefree/api';
import { createApiKey } from '@pagefree/core/auth/api-keys';
import { actorOf } from '@pagefree/core/auth/principal';
import { hashToken } from '@pagefree/core/crypto/tokens';
import { deleteExpiredPartnerRecords } from '@pagefree/core/partners/audit/delete-expired-partner-records';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PartnerFixture, startPartnerFixture } from './partner-fixture.ts';
import { eventually, sessionPrincipal } from './support/stack.ts';
import { signedInClient } from './support/status-fixture.ts';
import { trpcClient } from './support/trpc-client.ts';

const DAY_MS = 86_400_000;

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return error instanceof TRPCClientError ? (error.data?.code ?? 'UNKNOWN') : 'UNKNOWN';
  }
}

describe('partner admin API', () => {
  let fixture: PartnerFixture;

  beforeAll(async () => {
    fixture = await startPartnerFixture();
  });
  afterAll(async () => {
    await fixture?.stack.close();
  });

  const partnerProcedures = Object.entries(appRouter._def.procedures as Record<string, any>)
    .filter(([path]) => path.startsWith('partners.'))
    .map(([path, procedure]) => ({ path, type: procedure._def.type as string }));

  it('only platform admins reach partner procedures', async () => {
    const responder = await signedInClient(fixture.stack, fixture.paging.responders[0]!.id);
    expect(partnerProcedures.length).toBeGreaterThanOrEqual(17);

    for (const procedure of partnerProcedures) {
      const segments = procedure.path.split('.');
      let target: any = responder;
      for (const segment of segments) target = target[segment];
      const call = procedure.type === 'query' ? target.query({}) : target.mutate({});
      expect(await errorCode(call), procedure.path).toBe('FORBIDDEN');
    }
  });

  it("admin's API key is refused", async () => {
    const key = await createApiKey(
      fixture.stack.db,
      actorOf(sessionPrincipal(fixture.paging.admin.id, 'PLATFORM_ADMIN'), null),
      {
        userId: fixture.paging.admin.id,
        name: 'automation',
        scopes: ['config:read', 'config:write'],
        expiresInDays: null,
        now: new Date(),
      },
    );
    const client = trpcClient(fixture.stack.server.url, { bearer: key.token });

    expect(await errorCode(client.partners.list.query({}))).toBe('FORBIDDEN');
  });

  it('token is shown once and never listed', async () => {
    const created = await fixture.admin.partners.tokens.create.mutate({
      grantId: fixture.grantId,
      name: 'Status poller',
    });
    const lists = [
      await fixture.admin.partners.tokens.list.query({}),
      await fixture.admin.partners.list.query({}),
      await fixture.admin.partners.grants.list.query({}),
      await fixture.admin.partners.sessions.list.query({ activeOnly: false }),
      await fixture.admin.partners.audit.list.query({}),
    ];

    expect(created.token).toMatch(/^pfpt_[A-Za-z0-9_-]{43}$/);
    expect(created.accessToken.prefix).toBe(created.token.slice(0, 9));
    const serialized = JSON.stringify(lists);
    expect(serialized).toContain(created.accessToken.id);
    expect(serialized).not.toContain(created.token);
    expect(serialized).not.toContain(hashToken(created.token));
    expect(serialized).not.toContain(fixture.token);
  });

  it('token expires after 90 days by default', async () => {
    const before = Date.now();
    const created = await fixture.admin.partners.tokens.create.mutate({
      grantId: fixture.grantId,
      name: 'default',
    });
    const days = (Date.parse(created.accessToken.expiresAt) - before) / DAY_MS;

    expect(days).toBeGreaterThan(89.99);
    expect(days).toBeLessThan(90.01);
  });

  it('sensitive page limits tokens to 30 days', async () => {
    const long = await fixture.admin.partners.tokens.create.mutate({
      grantId: fixture.grantId,
      name: 'long',
    });

    const result = await fixture.admin.partners.pages.setSensitive.mutate({
      pageId: fixture.page.id,
      sensitive: true,
    });
    const fresh = await fixture.admin.partners.tokens.create.mutate({
      grantId: fixture.grantId,
      name: 'fresh',
    });
    const tooLong = await errorCode(
      fixture.admin.partners.tokens.create.mutate({
        grantId: fixture.grantId,
        name: 'x',
        expiresInDays: 60,
      }),
    );
    const listed = await fixture.admin.partners.tokens.list.query({ pageId: fixture.page.id });
    const pages = await fixture.admin.partners.pages.list.query();
    await fixture.admin.partners.pages.setSensitive.mutate({
      pageId: fixture.page.id,
      sensitive: false,
    });

    expect(result.shortenedTokens).toBeGreaterThan(0);
    const freshDays = (Date.parse(fresh.accessToken.expiresAt) - Date.now()) / DAY_MS;
    expect(freshDays).toBeGreaterThan(29.9);
    expect(freshDays).toBeLessThan(30.01);
    expect(tooLong).toBe('BAD_REQUEST');
    const shortened = listed.find((token) => token.id === long.accessToken.id)!;
    expect(Date.parse(shortened.expiresAt) - Date.now()).toBeLessThan(30 * DAY_MS + 1000);
    expect(pages.find((page) => page.id === fixture.page.id)).toMatchObject({
      sensitive: true,
      tokenMaxDays: 30,
      visibility: 'private',
      signInUrl: `${fixture.stack.statusUrl}/${fixture.page.slug}/partner/sign-in`,
    });
  });

  it('duplicate email and grant are conflicts', async () => {
    const email = await errorCode(
      fixture.admin.partners.create.mutate({
        name: 'Copy',
        email: fixture.partner.email.toUpperCase(),
      }),
    );
    const grant = await errorCode(
      fixture.admin.partners.grants.create.mutate({
        partnerId: fixture.partner.id,
        pageId: fixture.page.id,
      }),
    );

    expect(email).toBe('CONFLICT');
    expect(grant).toBe('CONFLICT');
  });

  it('revoked grant revokes its tokens', async () => {
    const partner = await fixture.admin.partners.create.mutate({
      name: 'Short term',
      email: `short-${crypto.randomUUID()}@partner.example`,
    });
    const grant = await fixture.admin.partners.grants.create.mutate({
      partnerId: partner.id,
      pageId: fixture.page.id,
    });
    const token = await fixture.admin.partners.tokens.create.mutate({
      grantId: grant.id,
      name: 'tool',
    });

    const revoked = await fixture.admin.partners.grants.revoke.mutate({ grantId: grant.id });
    const tokens = await fixture.admin.partners.tokens.list.query({ partnerId: partner.id });
    const regranted = await fixture.admin.partners.grants.create.mutate({
      partnerId: partner.id,
      pageId: fixture.page.id,
    });
    const onRevokedGrant = await errorCode(
      fixture.admin.partners.tokens.create.mutate({ grantId: grant.id, name: 'x' }),
    );

    expect(revoked.active).toBe(false);
    expect(tokens.find((entry) => entry.id === token.accessToken.id)?.state).toBe('revoked');
    expect(regranted.id).not.toBe(grant.id);
    expect(onRevokedGrant).toBe('CONFLICT');
  });

  it('partner list counts grants and tokens', async () => {
    const partners = await fixture.admin.partners.list.query({ search: fixture.partner.email });

    expect(partners).toHaveLength(1);
    expect(partners[0]).toMatchObject({
      id: fixture.partner.id,
      organisation: 'Globex Payments',
      active: true,
      activeGrants: 1,
    });
    expect(partners[0]!.activeTokens).toBeGreaterThan(0);
  });

  it('admin changes are in the internal audit log', async () => {
    const events = await fixture.admin.audit.list.query({ resourceType: 'partner_token' });

    expect(events.some((event) => event.action === 'partner_token.created')).toBe(true);
    expect(JSON.stringify(events)).not.toContain('pfpt_');
  });

  it('partner audit log filters by partner and outcome', async () => {
    await fetch(`${fixture.stack.statusUrl}/${fixture.page.slug}`, {
      headers: { authorization: `Bearer pfpt_${'Z'.repeat(43)}`, 'user-agent': 'probe/2' },
    });
    await fetch(`${fixture.stack.statusUrl}/${fixture.page.slug}`, {
      headers: { authorization: `Bearer ${fixture.token}` },
    });

    const denied = await eventually(async () => {
      const rows = await fixture.admin.partners.audit.list.query({ outcome: 'denied' });
      return rows.length > 0 ? rows : undefined;
    });
    const ofPartner = await eventually(async () => {
      const rows = await fixture.admin.partners.audit.list.query({ partnerId: fixture.partner.id });
      return rows.some((row) => row.action === 'page.accessed') ? rows : undefined;
    }, 15_000);

    expect(denied.every((row) => row.outcome === 'denied')).toBe(true);
    expect(denied[0]).toMatchObject({
      reason: 'invalid_credential',
      userAgent: 'probe/2',
      ip: '127.0.0.1',
    });
    expect(ofPartner.every((row) => row.partnerId === fixture.partner.id)).toBe(true);
    expect(ofPartner.find((row) => row.action === 'page.accessed')).toMatchObject({
      pageName: 'Acme Partner Portal',
      partnerName: 'Ops Team',
      credentialKind: 'token',
    });
  });

  it('cleanup deletes partner audit events after 90 days', async () => {
    const now = new Date();
    await fixture.stack.db
      .insertInto('partner_audit_event')
      .values([
        {
          occurred_at: new Date(now.getTime() - 91 * DAY_MS),
          action: 'page.accessed',
          outcome: 'allowed',
          ip: '192.0.2.91',
          metadata: '{}',
        },
        {
          occurred_at: new Date(now.getTime() - 89 * DAY_MS),
          action: 'page.accessed',
          outcome: 'allowed',
          ip: '192.0.2.89',
          metadata: '{}',
        },
      ])
      .execute();

    const result = await deleteExpiredPartnerRecords(fixture.stack.db, now);
    const left = await fixture.stack.db
      .selectFrom('partner_audit_event')
      .select('ip')
      .where('ip', 'in', ['192.0.2.91', '192.0.2.89'])
      .execute();

    expect(result.auditEvents).toBe(1);
    expect(left).toEqual([{ ip: '192.0.2.89' }]);
  });

  it('cleanup runs as a repeatable status job', async () => {
    const queue = fixture.stack.worker!.status!.queue;
    await eventually(async () => {
      const schedulers = await queue.getJobSchedulers();
      return schedulers.some((scheduler) => scheduler.key === 'partner-cleanup') ? true : undefined;
    });
    await fixture.stack.db
      .insertInto('partner_audit_event')
      .values({
        occurred_at: new Date(Date.now() - 120 * DAY_MS),
        action: 'page.accessed',
        outcome: 'allowed',
        ip: '192.0.2.120',
        metadata: '{}',
      })
      .execute();

    await queue.add('partner-cleanup', {});
    const gone = await eventually(async () => {
      const row = await fixture.stack.db
        .selectFrom('partner_audit_event')
        .select('id')
        .where('ip', '=', '192.0.2.120')
        .executeTakeFirst();
      return row ? undefined : true;
    });

    expect(gone).toBe(true);
  });
});
