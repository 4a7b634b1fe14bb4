import { createSubscriberTokens } from '@pagefree/core/status-pages/subscribers/subscriber-tokens';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PagingFixture, seedPagingFixture } from './support/paging-fixture.ts';
import { eventually } from './support/stack.ts';
import {
  componentStatus,
  type StatusStack,
  signedInClient,
  startStatusStack,
  waitForSummary,
} from './support/status-fixture.ts';

/** Polls summary.json every 20 ms and returns when `accept` first held, in epoch ms. */
async function timeWhen(statusUrl: string, slug: string, accept: (summary: any) => boolean) {
  const summary = await waitForSummary(statusUrl, slug, accept, 'maintenance change', 15_000);
  return { at: Date.now(), summary };
}

describe('scheduled maintenance', () => {
  let stack: StatusStack;
  let fixture: PagingFixture;
  let client: Awaited<ReturnType<typeof signedInClient>>;
  let pageId: string;
  let paymentsId: string;
  const slug = `maint-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    stack = await startStatusStack({ smtp: true });
    fixture = await seedPagingFixture(stack.db, stack.config);
    client = await signedInClient(stack, fixture.admin.id);
    const page = await client.statusPages.create.mutate({
      teamId: fixture.teamId,
      slug,
      name: 'Acme Cloud',
      timeZone: 'Europe/Berlin',
    });
    pageId = page.id;
    paymentsId = (
      await client.statusPages.components.create.mutate({
        pageId,
        name: 'Payments',
        serviceIds: [fixture.serviceId],
      })
    ).id;
    await waitForSummary(stack.statusUrl, slug, (s) => s.components.length === 1, 'component');

    // A confirmed email subscriber, made the way the public form would but without email.
    const tokens = createSubscriberTokens(stack.config.encryption);
    const salt = tokens.newSalt();
    const id = crypto.randomUUID();
    const { hashToken } = await import('@pagefree/core/crypto/tokens');
    await stack.db
      .insertInto('status_subscriber')
      .values({
        id,
        page_id: pageId,
        channel: 'email',
        email: 'ops-watcher@example.com',
        token_salt: salt,
        manage_token_hash: hashToken(tokens.token('manage', id, salt)),
        confirmed_at: new Date(),
      })
      .execute();
  });
  afterAll(async () => {
    await stack.close();
  });

  it('window starts and ends on time', async () => {
    const startsAt = new Date(Date.now() + 2_000);
    const endsAt = new Date(startsAt.getTime() + 1_500);
    const created = await client.statusPages.maintenances.create.mutate({
      pageId,
      title: 'Database upgrade',
      body: 'Payments may be read-only.',
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      componentIds: [paymentsId],
    });
    const before = await waitForSummary(
      stack.statusUrl,
      slug,
      (s) => s.scheduled_maintenances.some((m: any) => m.id === created.id),
      'scheduled maintenance',
    );
    expect(componentStatus(before, 'Payments')).toBe('operational');
    expect(before.scheduled_maintenances[0].status).toBe('scheduled');

    const started = await timeWhen(
      stack.statusUrl,
      slug,
      (s) => componentStatus(s, 'Payments') === 'under_maintenance',
    );
    expect(started.at).toBeGreaterThanOrEqual(startsAt.getTime());
    expect(started.at - startsAt.getTime()).toBeLessThan(1_000);
    expect(started.summary.scheduled_maintenances[0].status).toBe('in_progress');
    expect(started.summary.status.description).toBe('Service Under Maintenance');

    const ended = await timeWhen(
      stack.statusUrl,
      slug,
      (s) => componentStatus(s, 'Payments') === 'operational',
    );
    expect(ended.at).toBeGreaterThanOrEqual(endsAt.getTime());
    expect(ended.at - endsAt.getTime()).toBeLessThan(1_000);
    const rows = await client.statusPages.maintenances.list.query({
      pageId,
      includeFinished: true,
    });
    expect(rows.find((row) => row.id === created.id)?.state).toBe('completed');

    const subjects = stack.smtp!.messages.map((mail) => mail.subject);
    expect(subjects).toContain('[Acme Cloud] Maintenance scheduled: Database upgrade');
    await stack.smtp!.waitForMessage(
      (mail) => mail.subject === '[Acme Cloud] Maintenance completed: Database upgrade',
    );
    expect(
      stack.smtp!.messages.filter(
        (mail) => mail.subject === '[Acme Cloud] Maintenance in progress: Database upgrade',
      ),
    ).toHaveLength(1);
  });

  it('reminder is sent before the start', async () => {
    const startsAt = new Date(Date.now() + 61_500);
    await client.statusPages.maintenances.create.mutate({
      pageId,
      title: 'Network change',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 60_000).toISOString(),
      notifyMinutesBefore: 1,
      componentIds: [paymentsId],
    });

    const reminder = await stack.smtp!.waitForMessage(
      (mail) => mail.subject === '[Acme Cloud] Maintenance starts soon: Network change',
      5_000,
    );

    expect(reminder.date!.getTime()).toBeLessThan(startsAt.getTime());
    expect(reminder.text).toContain('Window:');
  });

  it('repeating window moves to its next occurrence', async () => {
    const startsAt = new Date(Date.now() + 1_000);
    const endsAt = new Date(startsAt.getTime() + 1_000);
    const created = await client.statusPages.maintenances.create.mutate({
      pageId,
      title: 'Nightly reindex',
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      recurrence: { frequency: 'daily', interval: 1 },
      notifyMinutesBefore: 0,
      notifySubscribers: false,
    });

    const next = await eventually(
      async () => {
        const rows = await client.statusPages.maintenances.list.query({ pageId });
        const row = rows.find((entry) => entry.id === created.id);
        return row && row.occurrenceStartsAt !== startsAt.toISOString() ? row : undefined;
      },
      10_000,
      'the next occurrence',
    );

    expect(next.state).toBe('scheduled');
    expect(Date.parse(next.occurrenceStartsAt) - startsAt.getTime()).toBe(86_400_000);
  });

  it('window in the past is rejected', async () => {
    const error = await client.statusPages.maintenances.create
      .mutate({
        pageId,
        title: 'Too late',
        startsAt: new Date(Date.now() - 7_200_000).toISOString(),
        endsAt: new Date(Date.now() - 3_600_000).toISOString(),
      })
      .catch((caught: unknown) => caught as Error);

    expect(String(error)).toMatch(/already ended/);
  });
});
