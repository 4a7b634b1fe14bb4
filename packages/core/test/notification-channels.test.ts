import {
  type PushService,
  type SmtpPeer,
  startPushService,
  startSmtpPeer,
  startWebhookReceiver,
  type WebhookReceiver,
} from '@pagefree/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import {
  assertPublicUrl,
  BlockedTargetError,
  createEmailChannel,
  createPushChannel,
  createWebhookChannel,
  type PageMessage,
  type PushChannel,
  signWebhookBody,
} from '../src/notifications/channels/index.ts';

function pageMessage(overrides: Partial<PageMessage> = {}): PageMessage {
  return {
    incidentId: crypto.randomUUID(),
    incidentNumber: '42',
    title: 'checkout-api 5xx ratio above 5%',
    severity: 'critical',
    priority: 'P1',
    status: 'triggered',
    serviceName: 'checkout-api',
    url: 'https://pagefree.test/incidents/42',
    ackToken: 'ack_test_token',
    ...overrides,
  };
}

describe('push channel', () => {
  let service: PushService;
  let channel: PushChannel;
  const vapidKeys = webpush.generateVAPIDKeys();
  const vapid = { ...vapidKeys, subject: 'mailto:oncall@pagefree.test' };

  beforeAll(async () => {
    service = await startPushService();
    channel = createPushChannel({ vapid, agent: service.agent, allowPrivateNetworkTargets: true });
  });

  afterAll(async () => {
    await service.close();
  });

  it('push delivered and decrypted at push service', async () => {
    const subscription = service.createSubscription();
    const message = pageMessage();

    const result = await channel.send(subscription, message);

    expect(result).toMatchObject({ ok: true });
    const push = await service.waitForPush(
      (received) => received.endpoint === subscription.endpoint,
    );
    expect(push.payload).toEqual({
      type: 'incident.page',
      incidentId: message.incidentId,
      number: '42',
      title: message.title,
      severity: 'critical',
      priority: 'P1',
      serviceName: 'checkout-api',
      url: message.url,
      ackToken: 'ack_test_token',
    });
    expect(push.vapid.jwtClaims.aud).toBe(service.origin);
    expect(push.vapid.jwtClaims.sub).toBe(vapid.subject);
    expect(push.vapid.publicKey).toBe(vapidKeys.publicKey);
    expect(push.headers.urgency).toBe('high');
    expect(push.headers.ttl).toBe('3600');
    expect(push.headers['content-encoding']).toBe('aes128gcm');
  });

  it('push long title truncated under 3 KB', async () => {
    const subscription = service.createSubscription();
    const title = `Disk full on ${'db-replica-'.repeat(1000)}`;

    const result = await channel.send(subscription, pageMessage({ title }));

    expect(result).toMatchObject({ ok: true });
    const push = await service.waitForPush(
      (received) => received.endpoint === subscription.endpoint,
    );
    const payload = push.payload as { title: string };
    expect(payload.title.endsWith('…')).toBe(true);
    expect(title.startsWith(payload.title.slice(0, -1))).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(push.payload))).toBeLessThanOrEqual(3072);
  });

  it.each([
    { status: 410, expected: { ok: false, retryable: false, gone: true } },
    { status: 404, expected: { ok: false, retryable: false, gone: true } },
    { status: 429, expected: { ok: false, retryable: true } },
    { status: 503, expected: { ok: false, retryable: true } },
    { status: 400, expected: { ok: false, retryable: false } },
    { status: 403, expected: { ok: false, retryable: false } },
  ])('push service answering $status', async ({ status, expected }) => {
    const subscription = service.createSubscription();
    service.respondWith(subscription.endpoint, status);

    const result = await channel.send(subscription, pageMessage());

    expect(result).toMatchObject(expected);
    if (!expected.gone) {
      expect(result).not.toHaveProperty('gone');
    }
  });

  it('push service rejects wrong VAPID audience', async () => {
    const subscription = service.createSubscription();
    // Same server and certificate, but the token is signed for https://localhost:<port>.
    const endpoint = subscription.endpoint.replace('127.0.0.1', 'localhost');

    const result = await channel.send({ ...subscription, endpoint }, pageMessage());

    expect(result).toMatchObject({ ok: false, retryable: false });
    const rejection = service.rejected.find(
      (rejected) => rejected.endpoint === subscription.endpoint,
    );
    expect(rejection?.status).toBe(401);
    expect(rejection?.reason).toContain('aud');
  });

  it('push connection refused is retryable', async () => {
    const stopped = await startPushService();
    const subscription = stopped.createSubscription();
    const unreachableChannel = createPushChannel({
      vapid,
      agent: stopped.agent,
      allowPrivateNetworkTargets: true,
    });
    await stopped.close();

    const result = await unreachableChannel.send(subscription, pageMessage());

    expect(result).toMatchObject({ ok: false, retryable: true });
  });

  it('push to loopback blocked without opt-in', async () => {
    const guarded = createPushChannel({
      vapid,
      agent: service.agent,
      allowPrivateNetworkTargets: false,
    });
    const subscription = service.createSubscription();
    const rejectedBefore = service.rejected.length;

    const result = await guarded.send(subscription, pageMessage());

    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(result.ok ? '' : result.error).toContain('127.0.0.1');
    expect(service.received.some((push) => push.endpoint === subscription.endpoint)).toBe(false);
    expect(service.rejected.length).toBe(rejectedBefore);
  });

  it('push plain http endpoint rejected', async () => {
    const subscription = {
      ...service.createSubscription(),
      endpoint: 'http://127.0.0.1:9/push/plain',
    };

    const result = await channel.send(subscription, pageMessage());

    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(result.ok ? '' : result.error).toContain('http:');
  });

  it('push invalid subscription keys not retryable', async () => {
    const subscription = {
      ...service.createSubscription(),
      p256dh: Buffer.alloc(65, 7).toString('base64url'),
    };

    const result = await channel.send(subscription, pageMessage());

    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(service.received.some((push) => push.endpoint === subscription.endpoint)).toBe(false);
  });
});

describe('email channel', () => {
  let peer: SmtpPeer;

  beforeAll(async () => {
    peer = await startSmtpPeer();
  });

  afterAll(async () => {
    await peer.close();
  });

  it('email arrives with subject and escaped HTML', async () => {
    const channel = createEmailChannel({
      smtpUrl: peer.url,
      from: 'PageFree <pages@pagefree.test>',
    });
    const message = pageMessage({
      title: 'checkout-api <script>alert("x")</script> & 5xx above 5%',
    });

    const result = await channel.send('oncall@pagefree.test', message);
    channel.close();

    expect(result).toMatchObject({ ok: true });
    const mail = await peer.waitForMessage(
      (received) => received.subject?.includes('<script>') === true,
    );
    expect(mail.subject).toBe(
      '[P1] #42 checkout-api <script>alert("x")</script> & 5xx above 5% (triggered)',
    );
    expect(mail.text).toContain(message.title);
    expect(mail.text).toContain(message.url);
    expect(mail.html).toContain(
      'checkout-api &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 5xx above 5%',
    );
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain(`href="${message.url}"`);
    expect(mail.from?.text).toContain('pages@pagefree.test');
  });

  it('email subject keeps newlines out', async () => {
    const channel = createEmailChannel({ smtpUrl: peer.url, from: 'pages@pagefree.test' });
    const message = pageMessage({
      title: 'line one\r\nBcc: victim@pagefree.test',
      incidentNumber: '43',
    });

    const result = await channel.send('oncall@pagefree.test', message);
    channel.close();

    expect(result).toMatchObject({ ok: true });
    const mail = await peer.waitForMessage(
      (received) => received.subject?.includes('#43') === true,
    );
    expect(mail.subject).toBe('[P1] #43 line one Bcc: victim@pagefree.test (triggered)');
    expect(mail.bcc).toBeUndefined();
  });

  it('SMTP 451 retryable, retry delivers', async () => {
    const channel = createEmailChannel({ smtpUrl: peer.url, from: 'pages@pagefree.test' });
    const message = pageMessage({ incidentNumber: '44' });
    peer.failNext(1, 451);

    const first = await channel.send('oncall@pagefree.test', message);
    const second = await channel.send('oncall@pagefree.test', message);
    channel.close();

    expect(first).toMatchObject({ ok: false, retryable: true });
    expect(second).toMatchObject({ ok: true });
    expect(peer.messages.filter((mail) => mail.subject?.includes('#44')).length).toBe(1);
  });

  it('SMTP 550 is not retryable', async () => {
    const channel = createEmailChannel({ smtpUrl: peer.url, from: 'pages@pagefree.test' });
    peer.failNext(1, 550);

    const result = await channel.send('oncall@pagefree.test', pageMessage());
    channel.close();

    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(result.ok ? '' : result.error).toContain('550');
  });

  it('SMTP connection refused is retryable', async () => {
    const stopped = await startSmtpPeer();
    await stopped.close();
    const channel = createEmailChannel({ smtpUrl: stopped.url, from: 'pages@pagefree.test' });

    const result = await channel.send('oncall@pagefree.test', pageMessage());
    channel.close();

    expect(result).toMatchObject({ ok: false, retryable: true });
  });
});

describe('webhook channel', () => {
  let receiver: WebhookReceiver;
  const channel = createWebhookChannel({ allowPrivateNetworkTargets: true, timeoutMs: 5_000 });
  const secret = 'whsec_test_secret';

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });

  afterAll(async () => {
    await receiver.close();
  });

  it('webhook signature verifies at receiver', async () => {
    receiver.respondWith(200);
    const message = pageMessage();
    const deliveryId = crypto.randomUUID();

    const result = await channel.send({ url: receiver.url, secret }, message, deliveryId);

    expect(result).toMatchObject({ ok: true });
    const request = await receiver.waitForRequest(
      (received) => received.headers['x-pagefree-delivery'] === deliveryId,
    );
    const timestamp = Number(request.headers['x-pagefree-timestamp']);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(60);
    expect(request.headers['x-pagefree-signature']).toBe(
      `v1=${signWebhookBody(secret, timestamp, request.body)}`,
    );
    expect(request.headers['x-pagefree-signature']).not.toBe(
      `v1=${signWebhookBody('other-secret', timestamp, request.body)}`,
    );
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['user-agent']).toBe('PageFree-Webhook/1');
    expect(request.method).toBe('POST');
    expect(request.json).toMatchObject({
      event: 'incident.page',
      deliveryId,
      incident: {
        id: message.incidentId,
        number: '42',
        title: message.title,
        status: 'triggered',
        url: message.url,
      },
    });
    expect(request.body).not.toContain('ack_test_token');
  });

  it.each([
    { status: 500, retryable: true },
    { status: 503, retryable: true },
    { status: 408, retryable: true },
    { status: 429, retryable: true },
    { status: 400, retryable: false },
    { status: 401, retryable: false },
    { status: 404, retryable: false },
  ])('webhook answering $status', async ({ status, retryable }) => {
    receiver.respondWith(status);

    const result = await channel.send(
      { url: receiver.url, secret },
      pageMessage(),
      crypto.randomUUID(),
    );

    expect(result).toMatchObject({ ok: false, retryable });
  });

  it('webhook 302 is a failure and not followed', async () => {
    receiver.respondWith(302, { headers: { location: '/redirected' } });
    const deliveryId = crypto.randomUUID();

    const result = await channel.send({ url: receiver.url, secret }, pageMessage(), deliveryId);

    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(result.ok ? '' : result.error).toContain('302');
    const deliveries = receiver.requests.filter(
      (request) => request.headers['x-pagefree-delivery'] === deliveryId,
    );
    expect(deliveries.map((request) => request.path)).toEqual(['/webhook']);
    expect(receiver.requests.some((request) => request.path === '/redirected')).toBe(false);
  });

  it('webhook timeout is retryable', async () => {
    const impatient = createWebhookChannel({ allowPrivateNetworkTargets: true, timeoutMs: 200 });
    receiver.respondWith(200, { delayMs: 2_000 });

    const result = await impatient.send(
      { url: receiver.url, secret },
      pageMessage(),
      crypto.randomUUID(),
    );

    expect(result).toMatchObject({ ok: false, retryable: true });
    expect(result.ok ? '' : result.error).toContain('timed out after 200 ms');
  });

  it('webhook connection refused is retryable', async () => {
    const stopped = await startWebhookReceiver();
    await stopped.close();

    const result = await channel.send(
      { url: stopped.url, secret },
      pageMessage(),
      crypto.randomUUID(),
    );

    expect(result).toMatchObject({ ok: false, retryable: true });
  });

  it('webhook to loopback blocked without opt-in', async () => {
    const guarded = createWebhookChannel({ allowPrivateNetworkTargets: false });
    const before = receiver.requests.length;
    const httpsLoopback = receiver.url.replace('http:', 'https:');

    const plainHttp = await guarded.send(
      { url: receiver.url, secret },
      pageMessage(),
      crypto.randomUUID(),
    );
    const loopback = await guarded.send(
      { url: httpsLoopback, secret },
      pageMessage(),
      crypto.randomUUID(),
    );

    expect(plainHttp).toMatchObject({ ok: false, retryable: false });
    expect(loopback).toMatchObject({ ok: false, retryable: false });
    expect(loopback.ok ? '' : loopback.error).toContain('loopback');
    expect(receiver.requests.length).toBe(before);
  });
});

describe('network guard', () => {
  const blocked = { allowPrivateNetworkTargets: false, protocols: ['https:' as const] };

  it.each([
    { url: 'https://127.0.0.1/hook', range: 'loopback' },
    { url: 'https://10.0.0.1/hook', range: 'private' },
    { url: 'https://192.168.1.10/hook', range: 'private' },
    { url: 'https://169.254.169.254/latest/meta-data/', range: 'linkLocal' },
    { url: 'https://[::1]/hook', range: 'loopback' },
    { url: 'https://[::ffff:127.0.0.1]/hook', range: 'loopback' },
    { url: 'https://[::ffff:10.0.0.1]/hook', range: 'private' },
    { url: 'https://localhost/hook', range: 'loopback' },
    { url: 'https://100.64.0.1/hook', range: 'carrierGradeNat' },
    { url: 'https://0.0.0.0/hook', range: 'unspecified' },
    { url: 'https://[fd00::1]/hook', range: 'uniqueLocal' },
    { url: 'https://[fe80::1]/hook', range: 'linkLocal' },
    { url: 'https://224.0.0.1/hook', range: 'multicast' },
    { url: 'https://255.255.255.255/hook', range: 'broadcast' },
    { url: 'https://2130706433/hook', range: 'loopback' },
    { url: 'https://[::127.0.0.1]/hook', range: 'ipv4Compatible' },
  ])('guard rejects $url', async ({ url, range }) => {
    const error = await assertPublicUrl(url, blocked).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BlockedTargetError);
    expect((error as BlockedTargetError).message).toContain(range);
    expect((error as BlockedTargetError).host).toBe(new URL(url).hostname);
  });

  it('guard accepts public IPv4 literal', async () => {
    await expect(assertPublicUrl('https://93.184.216.34/hook', blocked)).resolves.toBeUndefined();
  });

  it('guard accepts public IPv6 literal', async () => {
    await expect(
      assertPublicUrl('https://[2606:4700:4700::1111]/hook', blocked),
    ).resolves.toBeUndefined();
  });

  it('guard allows loopback with opt-in', async () => {
    const allowed = {
      allowPrivateNetworkTargets: true,
      protocols: ['https:' as const, 'http:' as const],
    };

    await expect(assertPublicUrl('http://127.0.0.1:8080/hook', allowed)).resolves.toBeUndefined();
    await expect(assertPublicUrl('https://localhost/hook', allowed)).resolves.toBeUndefined();
  });

  it.each([
    'http://93.184.216.34/hook',
    'ftp://93.184.216.34/hook',
    'file:///etc/passwd',
    'https://user:password@93.184.216.34/hook',
    'not a url',
  ])('guard rejects %s before resolving', async (url) => {
    await expect(assertPublicUrl(url, blocked)).rejects.toBeInstanceOf(BlockedTargetError);
  });

  it('guard message omits URL path', async () => {
    const error = await assertPublicUrl('https://10.0.0.1/hooks/secret-token-123', blocked).catch(
      (caught: Error) => caught,
    );

    expect(error).toBeInstanceOf(BlockedTargetError);
    expect((error as Error).message).toContain('10.0.0.1');
    expect((error as Error).message).not.toContain('secret-token-123');
  });
});
