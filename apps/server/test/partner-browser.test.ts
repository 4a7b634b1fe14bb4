import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@pagefree/logger';
import { type RunningStatusSite, startStatusSite } from '@pagefree/status';
import {
  createTestDatabase,
  type SmtpPeer,
  startSmtpPeer,
  TEST_REDIS_URL,
  type TestDatabase,
} from '@pagefree/testing';
import { type RunningWorker, startWorker } from '@pagefree/worker';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server.ts';
import { type PartnerFixture, type PartnerStack, seedPartnerFixture } from './partner-fixture.ts';
import { deleteQueueKeys, eventually, testConfig } from './support/stack.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../../test-artifacts/screenshots/', import.meta.url));
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const VIEWPORTS = [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
] as const;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface SentRequest {
  url: string;
  headers: Record<string, string>;
}

// A partner signs in with a magic link received at a real SMTP peer and reads the private
// page in Chromium. Afterwards no token value may be found in the captured pino output of
// server, worker and status site, in the browser's URLs and history, in any Referer the
// browser sent, in the database or in Redis.
describe('partner session in Chromium', () => {
  const logLines: string[] = [];
  let database: TestDatabase;
  let smtp: SmtpPeer;
  let server: RunningServer;
  let worker: RunningWorker;
  let site: RunningStatusSite;
  let fixture: PartnerFixture<PartnerStack>;
  let browser: Browser;
  /** Every token value the run produced: access token, sign-in links, session cookies. */
  const tokens = new Set<string>();

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await startSmtpPeer();
    const port = await freePort();
    const statusUrl = `http://127.0.0.1:${port}`;
    const config = testConfig(database.url, {
      SMTP_URL: smtp.url,
      STATUS_PORT: String(port),
      STATUS_PUBLIC_URL: statusUrl,
    });
    // Every process logs at trace level into memory, so the scan covers all they would log.
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logLines.push(chunk.toString('utf8'));
        callback();
      },
    });
    const logger = createLogger({ level: 'trace', name: 'partner-e2e', destination });
    server = await startServer({ config, db: database.db, logger });
    worker = await startWorker({ config, db: database.db, logger });
    site = await startStatusSite({ config, db: database.db, logger });
    fixture = await seedPartnerFixture({ db: database.db, config, server, statusUrl });
    tokens.add(fixture.token);
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await worker?.close();
    await server?.close();
    await smtp?.close();
    if (database) {
      await deleteQueueKeys(fixture?.stack.config.queuePrefix ?? 'none');
      await database.drop();
    }
  });

  /** Records every request's full headers and every status site document response. */
  function recordTraffic(context: BrowserContext) {
    const sent: Promise<SentRequest>[] = [];
    const documents: Promise<{ url: string; referrerPolicy: string | null }>[] = [];
    context.on('request', (request) => {
      sent.push(request.allHeaders().then((headers) => ({ url: request.url(), headers })));
    });
    context.on('response', (response) => {
      if (response.request().resourceType() !== 'document') return;
      if (!response.url().startsWith(fixture.stack.statusUrl)) return;
      documents.push(
        response.allHeaders().then((headers) => ({
          url: response.url(),
          referrerPolicy: headers['referrer-policy'] ?? null,
        })),
      );
    });
    return { sent: () => Promise.all(sent), documents: () => Promise.all(documents) };
  }

  const urls: string[] = [];
  function expectCleanUrl(page: Page) {
    urls.push(page.url());
    expect(page.url()).not.toMatch(/token=|pfp[tls]_/);
  }

  async function linkEmail(since: number) {
    const mail = await smtp.waitForMessage(
      (message) => smtp.messages.indexOf(message) >= since,
      15_000,
    );
    const token = /token=(pfpl_[A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1]!;
    tokens.add(token);
    return { mail, token };
  }

  it.each(VIEWPORTS)('%s: sign in, read, sign out', async (name, viewport) => {
    const context = await browser.newContext({ viewport, timezoneId: 'Europe/Berlin' });
    context.setDefaultTimeout(10_000);
    const traffic = recordTraffic(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    const slug = fixture.page.slug;

    await page.goto(`${fixture.stack.statusUrl}/${slug}`);
    await page.getByRole('heading', { name: 'Status page not found' }).waitFor();
    expectCleanUrl(page);
    await page.screenshot({ path: `${SCREENSHOTS}partner-not-found-${name}.png`, fullPage: true });
    expect(await page.content()).not.toContain('Acme Partner Portal');
    // Partners get this address from the organisation that gave them access.
    await page.goto(`${fixture.stack.statusUrl}/${slug}/partner/sign-in`);
    await page.getByRole('heading', { name: 'Partner sign-in' }).waitFor();
    expectCleanUrl(page);
    await page.screenshot({ path: `${SCREENSHOTS}partner-sign-in-${name}.png`, fullPage: true });

    const since = smtp.messages.length;
    await page.getByLabel('Email address').fill(fixture.partner.email);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    expectCleanUrl(page);
    await page.screenshot({
      path: `${SCREENSHOTS}partner-check-email-${name}.png`,
      fullPage: true,
    });

    // The email opens in another tab, as a mail client would hand the link to the browser.
    const { mail } = await linkEmail(since);
    const tab = await context.newPage();
    await tab.setContent(String(mail.html));
    await tab.getByRole('link', { name: /Sign in to/ }).click();
    await tab.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
    expect(new URL(tab.url()).pathname).toBe(`/${slug}/partner/sign-in/confirm`);
    expectCleanUrl(tab);
    await tab.screenshot({ path: `${SCREENSHOTS}partner-confirm-${name}.png`, fullPage: true });

    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.getByRole('heading', { name: 'Acme Partner Portal', level: 1 }).waitFor();
    expect(new URL(tab.url()).pathname).toBe(`/${slug}`);
    expectCleanUrl(tab);
    expect(await tab.getByText('Slow card authorisations').first().isVisible()).toBe(true);
    expect(await tab.locator('#subscribe').count()).toBe(0);
    await tab.screenshot({ path: `${SCREENSHOTS}partner-page-${name}.png`, fullPage: true });
    const session = (await context.cookies()).find(
      (cookie) => cookie.name === 'pf_partner_session',
    );
    expect(session).toMatchObject({ httpOnly: true, path: `/${slug}`, sameSite: 'Lax' });
    tokens.add(session!.value);

    await tab
      .getByRole('navigation', { name: 'Status page' })
      .getByRole('link', { name: 'Incident history' })
      .click();
    await tab.getByRole('heading', { name: /history/i, level: 1 }).waitFor();
    expectCleanUrl(tab);
    await tab.getByRole('link', { name: 'Slow card authorisations' }).first().click();
    await tab.getByRole('heading', { name: 'Slow card authorisations', level: 1 }).waitFor();
    expectCleanUrl(tab);
    const summary = await tab.goto(`${fixture.stack.statusUrl}/${slug}/api/v2/summary.json`);
    expect(summary?.status()).toBe(200);
    await tab.goBack();
    await tab.getByRole('button', { name: 'Sign out' }).click();
    await tab.getByRole('heading', { name: 'Signed out' }).waitFor();
    expectCleanUrl(tab);
    await tab.screenshot({ path: `${SCREENSHOTS}partner-signed-out-${name}.png`, fullPage: true });
    expect((await context.cookies()).some((cookie) => cookie.name === 'pf_partner_session')).toBe(
      false,
    );
    const afterSignOut = await tab.goto(`${fixture.stack.statusUrl}/${slug}`);
    expect(afterSignOut?.status()).toBe(404);

    // Browser history: the address of every entry, including what a person would have typed.
    const cdp = await context.newCDPSession(tab);
    const history = (await cdp.send('Page.getNavigationHistory')) as {
      entries: Array<{ url: string; userTypedURL: string }>;
    };
    expect(history.entries.length).toBeGreaterThan(4);
    for (const entry of history.entries) {
      for (const token of tokens) {
        expect(entry.url).not.toContain(token);
        expect(entry.userTypedURL).not.toContain(token);
      }
    }

    const sent = await traffic.sent();
    const toStatusSite = sent.filter((request) => request.url.startsWith(fixture.stack.statusUrl));
    expect(toStatusSite.length).toBeGreaterThan(10);
    for (const request of sent) {
      const referer = request.headers.referer ?? '';
      for (const token of tokens) expect(referer, request.url).not.toContain(token);
    }
    // With Referrer-Policy: no-referrer Chromium sends no Referer; Playwright may report it empty.
    for (const request of toStatusSite) {
      expect(request.headers.referer ?? '', request.url).toBe('');
    }
    const documents = await traffic.documents();
    expect(documents.length).toBeGreaterThan(5);
    for (const document of documents)
      expect(document.referrerPolicy, document.url).toBe('no-referrer');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('tokens in URLs open nothing', async () => {
    const slug = fixture.page.slug;
    for (const query of [`token=${fixture.token}`, `access_token=${fixture.token}`]) {
      const response = await fetch(
        `${fixture.stack.statusUrl}/${slug}/api/v2/summary.json?${query}`,
      );
      expect(response.status).toBe(404);
    }
    const inPath = await fetch(`${fixture.stack.statusUrl}/${slug}/${fixture.token}`);
    expect(inPath.status).toBe(404);
    const byHeader = await fetch(`${fixture.stack.statusUrl}/${slug}/api/v2/summary.json`, {
      headers: { authorization: `Bearer ${fixture.token}` },
    });
    expect(byHeader.status).toBe(200);
  });

  it('no token in logs', async () => {
    // Let the status site write counted use and access events, which log too.
    await eventually(async () => {
      const count = await database.db
        .selectFrom('partner_audit_event')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('action', '=', 'page.accessed')
        .executeTakeFirstOrThrow();
      return Number(count.count) > 0 ? true : undefined;
    }, 15_000);

    const logs = logLines.join('');
    expect(logs).toContain('"Request handled"');
    expect(logs).toContain('/partner/sign-in/link');
    expect(tokens.size).toBeGreaterThanOrEqual(5);
    for (const token of tokens) expect(logs.includes(token)).toBe(false);
  });

  it('no token in the database', async () => {
    const columns = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public'
        AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')
    `.execute(database.db);
    const partnerColumns = columns.rows.filter((column) => column.table_name.startsWith('partner'));
    expect(partnerColumns.length).toBeGreaterThan(20);

    const found: string[] = [];
    for (const { table_name, column_name } of columns.rows) {
      for (const token of tokens) {
        const hits = await sql<{ count: string }>`
          SELECT count(*) AS count FROM ${sql.table(table_name)}
          WHERE ${sql.ref(column_name)}::text LIKE ${`%${token}%`}
        `.execute(database.db);
        if (Number(hits.rows[0]!.count) > 0) found.push(`${table_name}.${column_name}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('no token in Redis', async () => {
    const redis = new Redis(TEST_REDIS_URL);
    const found: string[] = [];
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(
          cursor,
          'MATCH',
          `${fixture.stack.config.queuePrefix}:*`,
          'COUNT',
          500,
        );
        cursor = next;
        for (const key of keys) {
          const type = await redis.type(key);
          const value =
            type === 'string'
              ? await redis.get(key)
              : type === 'hash'
                ? JSON.stringify(await redis.hgetall(key))
                : type === 'list'
                  ? JSON.stringify(await redis.lrange(key, 0, -1))
                  : '';
          for (const token of tokens) {
            if (key.includes(token) || value?.includes(token)) found.push(key);
          }
        }
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    expect(found).toEqual([]);
  });
});
