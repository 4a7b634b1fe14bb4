import { createHash } from 'node:crypto';
import type { AppRouter } from '@pagefree/api';
import { previewStyleSource } from '@pagefree/status';
import { loadAlertFixture } from '@pagefree/testing';
import type { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PagingFixture, seedPagingFixture } from './support/paging-fixture.ts';
import { eventually } from './support/stack.ts';
import {
  fetchText,
  type StatusStack,
  signedInClient,
  startStatusStack,
  waitForSummary,
} from './support/status-fixture.ts';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return (error as TRPCClientError<AppRouter>).data?.code ?? 'UNKNOWN';
  }
}

describe('status page admin API', () => {
  let stack: StatusStack;
  let fixture: PagingFixture;
  let other: PagingFixture;
  let admin: Awaited<ReturnType<typeof signedInClient>>;
  let pageId: string;
  let componentId: string;
  const slug = `admin-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    stack = await startStatusStack();
    fixture = await seedPagingFixture(stack.db, stack.config);
    other = await seedPagingFixture(stack.db, stack.config);
    admin = await signedInClient(stack, fixture.admin.id);
    pageId = (
      await admin.statusPages.create.mutate({ teamId: fixture.teamId, slug, name: 'Acme Cloud' })
    ).id;
    componentId = (
      await admin.statusPages.components.create.mutate({
        pageId,
        name: 'Payments',
        serviceIds: [fixture.serviceId],
      })
    ).id;
  });
  afterAll(async () => {
    await stack.close();
  });

  it('observer reads but cannot configure', async () => {
    const observer = await signedInClient(stack, fixture.observer.id);

    expect((await observer.statusPages.get.query({ pageId })).components).toHaveLength(1);
    expect(await codeOf(observer.statusPages.components.create.mutate({ pageId, name: 'X' }))).toBe(
      'FORBIDDEN',
    );
    expect(
      await codeOf(observer.statusPages.incidents.create.mutate({ pageId, title: 'X', body: 'Y' })),
    ).toBe('FORBIDDEN');
  });

  it('responder posts incidents but cannot configure', async () => {
    const responder = await signedInClient(stack, fixture.responders[0]!.id);

    const incident = await responder.statusPages.incidents.create.mutate({
      pageId,
      title: 'Slow checkout',
      body: 'Looking into it.',
      components: [{ componentId, status: 'degraded_performance' }],
    });

    expect(incident.impact).toBe('minor');
    expect(await codeOf(responder.statusPages.update.mutate({ pageId, name: 'Renamed' }))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(responder.statusPages.delete.mutate({ pageId }))).toBe('FORBIDDEN');
  });

  it('other team gets not found', async () => {
    const outsider = await signedInClient(stack, other.responders[0]!.id);

    expect(await codeOf(outsider.statusPages.get.query({ pageId }))).toBe('NOT_FOUND');
    expect(await codeOf(outsider.statusPages.preview.query({ pageId }))).toBe('NOT_FOUND');
    expect((await outsider.statusPages.list.query({})).map((page) => page.id)).not.toContain(
      pageId,
    );
  });

  it('mapping another team service is rejected', async () => {
    const teamAdmin = await signedInClient(stack, fixture.responders[1]!.id);
    await stack.db
      .updateTable('team_member')
      .set({ role: 'TEAM_ADMIN' })
      .where('team_id', '=', fixture.teamId)
      .where('user_id', '=', fixture.responders[1]!.id)
      .execute();

    const error = await teamAdmin.statusPages.components.create
      .mutate({ pageId, name: 'Ledger', serviceIds: [other.serviceId] })
      .then(
        () => null,
        (caught: unknown) => caught as TRPCClientError<AppRouter>,
      );

    expect(error?.data?.code).toBe('BAD_REQUEST');
    expect(error?.message).toMatch(/team you do not administer/);
  });

  it('slug rules are enforced', async () => {
    expect(
      await codeOf(admin.statusPages.create.mutate({ teamId: fixture.teamId, slug, name: 'Twin' })),
    ).toBe('CONFLICT');
    expect(
      await codeOf(
        admin.statusPages.create.mutate({ teamId: fixture.teamId, slug: 'assets', name: 'A' }),
      ),
    ).toBe('BAD_REQUEST');
    expect(
      await codeOf(
        admin.statusPages.create.mutate({ teamId: fixture.teamId, slug: '-bad-', name: 'B' }),
      ),
    ).toBe('BAD_REQUEST');
  });

  it('changes are audited without text', async () => {
    const incident = await admin.statusPages.incidents.create.mutate({
      pageId,
      title: 'Secret title 7f3a',
      body: 'Secret body 7f3a',
    });

    const events = await stack.db
      .selectFrom('audit_event')
      .select(['action', 'actor_id', 'metadata', 'team_id'])
      .where('resource_type', 'like', 'status_%')
      .execute();
    const actions = events.map((event) => event.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'status_page.created',
        'status_component.created',
        'status_incident.created',
      ]),
    );
    const created = events.find(
      (event) => event.action === 'status_incident.created' && event.actor_id === fixture.admin.id,
    );
    expect(created?.team_id).toBe(fixture.teamId);
    expect(JSON.stringify(events)).not.toContain('7f3a');
    expect(incident.title).toBe('Secret title 7f3a');
  });

  it('template fills a new incident', async () => {
    const template = await admin.statusPages.templates.create.mutate({
      pageId,
      name: 'Payments degraded',
      title: 'Payments are degraded',
      body: 'Some card payments fail; retrying usually works.',
      status: 'identified',
    });

    const incident = await admin.statusPages.incidents.create.mutate({
      pageId,
      templateId: template.id,
    });

    expect(incident.title).toBe('Payments are degraded');
    expect(incident.status).toBe('identified');
    expect(incident.updates[0]?.body).toBe('Some card payments fail; retrying usually works.');
    expect((await admin.statusPages.templates.list.query({ pageId })).map((t) => t.name)).toContain(
      'Payments degraded',
    );
  });

  it('preview renders the page as published', async () => {
    const preview = await admin.statusPages.preview.query({ pageId });

    expect(preview.snapshot.page.slug).toBe(slug);
    expect(preview.snapshot.components.map((component) => component.name)).toEqual(['Payments']);
    expect(preview.statusSources[componentId]).toBe('status_incident');
    expect(preview.html).toContain('<h1>Acme Cloud</h1>');
    expect(preview.html).toContain('<style>');
    expect(preview.html).not.toContain('<script');
  });

  it('preview stylesheet is unescaped and hashed', async () => {
    const preview = await admin.statusPages.preview.query({ pageId });
    const stylesheet = /<style>([\s\S]*?)<\/style>/.exec(preview.html ?? '')?.[1] ?? '';
    const digest = createHash('sha256').update(stylesheet).digest('base64');

    expect(stylesheet).toContain('"Segoe UI"');
    expect(stylesheet).not.toContain('&quot;');
    expect(stylesheet).not.toContain('&gt;');
    expect(await previewStyleSource()).toBe(`'sha256-${digest}'`);
  });

  it('linking another team incident is rejected', async () => {
    const opened = await stack.post(
      `/integrations/${other.integration.key}/alertmanager`,
      loadAlertFixture('alertmanager-firing.json'),
    );

    const code = await codeOf(
      admin.statusPages.incidents.create.mutate({
        pageId,
        title: 'Linked',
        body: 'Linked to an internal incident.',
        linkedIncidentIds: [opened.body.incidentId],
      }),
    );

    // The platform admin of the fixture may read every team, so use a team admin instead.
    const teamAdmin = await signedInClient(stack, fixture.responders[1]!.id);
    const teamAdminCode = await codeOf(
      teamAdmin.statusPages.incidents.create.mutate({
        pageId,
        title: 'Linked',
        body: 'Linked to an internal incident.',
        linkedIncidentIds: [opened.body.incidentId],
      }),
    );
    expect(code).toBe('OK');
    expect(teamAdminCode).toBe('BAD_REQUEST');
  });

  it('subscribers are listed without tokens and removable', async () => {
    await fetchText(`${stack.statusUrl}/${slug}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=listed%40example.com',
    });
    const [subscriber] = await eventually(async () => {
      const list = await admin.statusPages.subscribers.list.query({ pageId });
      return list.length > 0 ? list : undefined;
    });

    await admin.statusPages.subscribers.remove.mutate({ subscriberId: subscriber!.id });
    const after = await admin.statusPages.subscribers.list.query({ pageId });

    expect(subscriber!.email).toBe('listed@example.com');
    expect(subscriber!.state).toBe('pending');
    expect(Object.keys(subscriber!)).not.toContain('manageTokenHash');
    expect(after[0]!.state).toBe('unsubscribed');
  });

  it('renamed slug moves the page', async () => {
    const renamed = `${slug}-new`;
    const page = await admin.statusPages.create.mutate({
      teamId: fixture.teamId,
      slug: `${slug}-old`,
      name: 'Mover',
    });
    await waitForSummary(stack.statusUrl, `${slug}-old`, () => true, 'old slug');

    await admin.statusPages.update.mutate({ pageId: page.id, slug: renamed });
    await waitForSummary(stack.statusUrl, renamed, () => true, 'new slug');
    const old = await eventually(async () => {
      const response = await fetchText(`${stack.statusUrl}/${slug}-old`);
      return response.status === 404 ? response : undefined;
    });

    expect(old.status).toBe(404);
  });

  it('deleted page disappears', async () => {
    const page = await admin.statusPages.create.mutate({
      teamId: fixture.teamId,
      slug: `${slug}-gone`,
      name: 'Gone',
    });
    await waitForSummary(stack.statusUrl, `${slug}-gone`, () => true, 'page');

    await admin.statusPages.delete.mutate({ pageId: page.id });
    const gone = await eventually(async () => {
      const response = await fetchText(`${stack.statusUrl}/${slug}-gone/api/v2/status.json`);
      return response.status === 404 ? response : undefined;
    });

    expect(gone.status).toBe(404);
  });
});
