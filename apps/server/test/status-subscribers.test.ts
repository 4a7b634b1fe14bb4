import { createHmac } from 'node:crypto';
import { type SmtpPeer, startWebhookReceiver, type WebhookReceiver } from '@pagefree/testing';
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

const form = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  }
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  };
};

type ParsedMail = SmtpPeer['messages'][number];

function linkIn(mail: ParsedMail, path: string): string {
  const match = new RegExp(`https?://\\S+/${path}\\?token=[A-Za-z0-9_-]+`).exec(mail.text ?? '');
  if (!match) throw new Error(`No ${path} link in: ${mail.text}`);
  return match[0];
}

describe('status page subscribers', () => {
  let stack: StatusStack;
  let fixture: PagingFixture;
  let client: Awaited<ReturnType<typeof signedInClient>>;
  let receiver: WebhookReceiver;
  let pageId: string;
  let paymentsId: string;
  let websiteId: string;
  const slug = `subs-${Math.random().toString(36).slice(2, 8)}`;
  const mailTo = (address: string) =>
    stack.smtp!.messages.filter((mail) => mail.to && 'text' in mail.to && mail.to.text === address);

  /** Subscribes through the public form and confirms through the emailed link's page. */
  async function subscribe(email: string, components: string[] = []) {
    const posted = await fetchText(
      `${stack.statusUrl}/${slug}/subscribe`,
      form({ email, components }),
    );
    expect(posted.status).toBe(303);
    const confirmation = await stack.smtp!.waitForMessage(
      (mail) =>
        mail.subject?.startsWith('Confirm your subscription') === true &&
        mailTo(email).includes(mail),
    );
    const link = linkIn(confirmation, 'subscription/confirm');
    const token = new URL(link).searchParams.get('token')!;
    const confirmed = await fetchText(
      `${stack.statusUrl}/${slug}/subscription/confirm`,
      form({ token }),
    );
    expect(confirmed.status).toBe(303);
    return { link, token };
  }

  beforeAll(async () => {
    stack = await startStatusStack({ smtp: true });
    receiver = await startWebhookReceiver();
    fixture = await seedPagingFixture(stack.db, stack.config);
    client = await signedInClient(stack, fixture.admin.id);
    const page = await client.statusPages.create.mutate({
      teamId: fixture.teamId,
      slug,
      name: 'Acme Cloud',
    });
    pageId = page.id;
    paymentsId = (
      await client.statusPages.components.create.mutate({
        pageId,
        name: 'Payments',
        serviceIds: [fixture.serviceId],
      })
    ).id;
    websiteId = (await client.statusPages.components.create.mutate({ pageId, name: 'Website' })).id;
    await waitForSummary(stack.statusUrl, slug, (s) => s.components.length === 2, 'components');
  });
  afterAll(async () => {
    await receiver.close();
    await stack.close();
  });

  it('confirmation link GET does not confirm', async () => {
    const email = 'scanner@example.com';
    await fetchText(`${stack.statusUrl}/${slug}/subscribe`, form({ email }));
    const confirmation = await stack.smtp!.waitForMessage((mail) => mailTo(email).includes(mail));
    const link = linkIn(confirmation, 'subscription/confirm');

    const opened = await fetchText(link);

    expect(opened.status).toBe(200);
    expect(opened.body).toContain('Confirm subscription');
    expect(opened.headers.get('referrer-policy')).toBe('no-referrer');
    expect(opened.headers.get('cache-control')).toBe('no-store');
    const row = await stack.db
      .selectFrom('status_subscriber')
      .select(['confirmed_at', 'confirm_token_hash', 'manage_token_hash'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    expect(row.confirmed_at).toBeNull();
    const token = new URL(link).searchParams.get('token')!;
    expect(row.confirm_token_hash).not.toContain(token);
    expect(row.confirm_token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('confirm link works once', async () => {
    const { token } = await subscribe('once@example.com');

    const again = await fetchText(
      `${stack.statusUrl}/${slug}/subscription/confirm`,
      form({ token }),
    );

    expect(again.status).toBe(400);
    expect(again.body).toContain('invalid, already used or expired');
  });

  it('one email per event, none after unsubscribing', async () => {
    const alice = 'alice@example.com';
    const bob = 'bob@example.com';
    await subscribe(alice);
    await subscribe(bob);

    const incident = await client.statusPages.incidents.create.mutate({
      pageId,
      title: 'Card payments failing',
      body: 'We are investigating failed card payments.',
      components: [{ componentId: paymentsId, status: 'major_outage' }],
    });
    const created = await stack.smtp!.waitForMessage(
      (mail) =>
        mailTo(alice).includes(mail) && mail.subject?.includes('Card payments failing') === true,
    );
    await client.statusPages.incidents.addUpdate.mutate({
      statusIncidentId: incident.id,
      status: 'identified',
      body: 'A certificate expired; renewing it.',
    });
    await stack.smtp!.waitForMessage(
      (mail) => mailTo(alice).includes(mail) && mail.subject?.includes('(Identified)') === true,
    );
    await stack.smtp!.waitForMessage(
      (mail) => mailTo(bob).includes(mail) && mail.subject?.includes('(Identified)') === true,
    );

    // Re-running the fan-out of every event and the sweeper must not send anything again.
    const events = await stack.db
      .selectFrom('status_notice_event')
      .select('id')
      .where('status_incident_id', '=', incident.id)
      .execute();
    expect(events).toHaveLength(2);
    for (const event of events) {
      await stack.worker!.status!.queue.add('fan-out', { eventId: event.id });
    }
    await stack.worker!.status!.sweep();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const aliceNotices = mailTo(alice).filter((mail) =>
      mail.subject?.includes('Card payments failing'),
    );
    expect(aliceNotices.map((mail) => mail.subject)).toEqual([
      '[Acme Cloud] Card payments failing (Investigating)',
      '[Acme Cloud] Card payments failing (Identified)',
    ]);

    // Long header lines arrive folded (RFC 5322); unfold them before matching.
    const headerLines = created.headerLines.map((header) => header.line.replace(/\r?\n\s+/g, ' '));
    expect(headerLines).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const unsubscribeHeader = headerLines.find((line) => line.startsWith('List-Unsubscribe: '))!;
    const unsubscribeUrl = /^List-Unsubscribe: +<(.+)>$/.exec(unsubscribeHeader)![1]!;
    expect(created.text).toContain(unsubscribeUrl);
    const oneClick = await fetchText(unsubscribeUrl, form({ 'List-Unsubscribe': 'One-Click' }));
    expect(oneClick.status).toBe(200);

    await client.statusPages.incidents.addUpdate.mutate({
      statusIncidentId: incident.id,
      status: 'resolved',
      body: 'Payments work again.',
    });
    await stack.smtp!.waitForMessage(
      (mail) => mailTo(bob).includes(mail) && mail.subject?.includes('(Resolved)') === true,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mailTo(alice).filter((mail) => mail.subject?.includes('(Resolved)'))).toHaveLength(0);
  });

  it('component filter skips other components', async () => {
    const carol = 'carol@example.com';
    const dave = 'dave@example.com';
    await subscribe(carol, [websiteId]);
    await subscribe(dave, [paymentsId]);

    await client.statusPages.incidents.create.mutate({
      pageId,
      title: 'Slow refunds',
      body: 'Refunds take longer than usual.',
      components: [{ componentId: paymentsId, status: 'degraded_performance' }],
    });
    await stack.smtp!.waitForMessage(
      (mail) => mailTo(dave).includes(mail) && mail.subject?.includes('Slow refunds') === true,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(mailTo(carol).filter((mail) => mail.subject?.includes('Slow refunds'))).toHaveLength(0);
  });

  it('unsubscribe link page needs a POST', async () => {
    const email = 'erin@example.com';
    await subscribe(email);
    await client.statusPages.incidents.create.mutate({
      pageId,
      title: 'Search degraded',
      body: 'Search is slow.',
    });
    const notice = await stack.smtp!.waitForMessage(
      (mail) => mailTo(email).includes(mail) && mail.subject?.includes('Search degraded') === true,
    );
    const link = linkIn(notice, 'unsubscribe');

    const opened = await fetchText(link);
    const stillSubscribed = await stack.db
      .selectFrom('status_subscriber')
      .select('unsubscribed_at')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const token = new URL(link).searchParams.get('token')!;
    const posted = await fetchText(`${stack.statusUrl}/${slug}/unsubscribe`, form({ token }));
    const ended = await stack.db
      .selectFrom('status_subscriber')
      .select('unsubscribed_at')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();

    expect(opened.status).toBe(200);
    expect(stillSubscribed.unsubscribed_at).toBeNull();
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(`/${slug}/unsubscribed`);
    expect(ended.unsubscribed_at).not.toBeNull();
  });

  it('webhook subscriber gets signed notices', async () => {
    const posted = await fetchText(
      `${stack.statusUrl}/${slug}/subscribe/webhook`,
      form({ url: receiver.url }),
    );
    expect(posted.status).toBe(200);
    const secret = /whsec_[A-Za-z0-9_-]+/.exec(posted.body)![0];

    await client.statusPages.incidents.create.mutate({
      pageId,
      title: 'Webhook check',
      body: 'Testing webhooks.',
    });
    const request = await receiver.waitForRequest((entry) => entry.body.includes('Webhook check'));

    const timestamp = String(request.headers['x-pagefree-timestamp']);
    const expected = createHmac('sha256', secret)
      .update(`${timestamp}.${request.body}`)
      .digest('hex');
    expect(request.headers['x-pagefree-signature']).toBe(`v1=${expected}`);
    const body = request.json as any;
    expect(body.event).toBe('incident_created');
    expect(body.incident.name).toBe('Webhook check');
    expect(body.unsubscribeUrl).toContain(`/${slug}/unsubscribe?token=pfu_`);
    const stored = await stack.db
      .selectFrom('status_subscriber')
      .select('secret_ciphertext')
      .where('webhook_url', '=', receiver.url)
      .executeTakeFirstOrThrow();
    expect(stored.secret_ciphertext).not.toContain(secret);
  });

  it('subscribe form rejects another origin', async () => {
    const response = await fetchText(`${stack.statusUrl}/${slug}/subscribe`, {
      ...form({ email: 'mallory@example.com' }),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
      },
    });

    expect(response.status).toBe(403);
  });

  it('subscribe form shows a bad email next to the field', async () => {
    const response = await fetchText(
      `${stack.statusUrl}/${slug}/subscribe`,
      form({ email: 'not-an-address' }),
    );

    expect(response.status).toBe(400);
    expect(response.body).toContain('id="email-error"');
    expect(response.body).toContain('Enter an email address');
  });

  it('malformed component id is 400', async () => {
    const response = await fetchText(
      `${stack.statusUrl}/${slug}/subscribe`,
      form({ email: 'heidi@example.com', components: 'not-a-uuid' }),
    );

    expect(response.status).toBe(400);
    expect(response.body).toContain('choose components shown on this page');
  });

  it('repeat subscription reveals nothing', async () => {
    await subscribe('frank@example.com');
    const before = mailTo('frank@example.com').length;

    const again = await fetchText(
      `${stack.statusUrl}/${slug}/subscribe`,
      form({ email: 'frank@example.com' }),
    );
    const fresh = await fetchText(
      `${stack.statusUrl}/${slug}/subscribe`,
      form({ email: 'grace@example.com' }),
    );
    await stack.smtp!.waitForMessage((mail) => mailTo('grace@example.com').includes(mail));
    await eventually(async () => (stack.smtp!.messages.length > 0 ? true : undefined));

    expect(again.status).toBe(fresh.status);
    expect(again.headers.get('location')).toBe(fresh.headers.get('location'));
    expect(mailTo('frank@example.com')).toHaveLength(before);
  });
});
