import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadAlertFixture } from '@pagefree/testing';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PagingFixture, seedPagingFixture } from './support/paging-fixture.ts';
import { eventually } from './support/stack.ts';
import {
  type StatusStack,
  signedInClient,
  startStatusStack,
  waitForSummary,
} from './support/status-fixture.ts';

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

describe('public status page in Chromium', () => {
  let stack: StatusStack;
  let fixture: PagingFixture;
  let browser: Browser;
  const slug = `browser-${Math.random().toString(36).slice(2, 8)}`;
  let pageUrl: string;

  beforeAll(async () => {
    stack = await startStatusStack();
    fixture = await seedPagingFixture(stack.db, stack.config);
    const client = await signedInClient(stack, fixture.admin.id);
    const page = await client.statusPages.create.mutate({
      teamId: fixture.teamId,
      slug,
      name: 'Acme Cloud',
      description: 'Live status of the Acme Cloud platform.',
      timeZone: 'Europe/Berlin',
    });
    const core = await client.statusPages.sections.create.mutate({
      pageId: page.id,
      name: 'Core platform',
    });
    const payments = await client.statusPages.components.create.mutate({
      pageId: page.id,
      sectionId: core.id,
      name: 'Payments API',
      description: 'Card and wallet payments',
      serviceIds: [fixture.serviceId],
    });
    await client.statusPages.components.create.mutate({
      pageId: page.id,
      sectionId: core.id,
      name: 'Dashboard',
    });
    await client.statusPages.components.create.mutate({ pageId: page.id, name: 'Documentation' });
    await client.statusPages.incidents.create.mutate({
      pageId: page.id,
      title: 'Login delays',
      body: 'Logins took up to 30 seconds.',
      status: 'resolved',
    });
    const incident = await client.statusPages.incidents.create.mutate({
      pageId: page.id,
      title: 'Card payments failing',
      body: 'We are investigating failed card payments.',
      components: [{ componentId: payments.id, status: 'partial_outage' }],
    });
    await client.statusPages.incidents.addUpdate.mutate({
      statusIncidentId: incident.id,
      status: 'identified',
      body: 'An expired **certificate** at our card processor. A customer quoted: <img src=x onerror=alert(1)>',
    });
    const start = new Date(Date.now() + 3 * 86_400_000);
    await client.statusPages.maintenances.create.mutate({
      pageId: page.id,
      title: 'Database upgrade',
      body: 'Payments are read-only for up to 10 minutes.',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 7_200_000).toISOString(),
      componentIds: [payments.id],
    });
    await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      loadAlertFixture('alertmanager-firing.json'),
    );
    await waitForSummary(
      stack.statusUrl,
      slug,
      (s) =>
        s.components.length === 4 &&
        s.scheduled_maintenances.length === 1 &&
        s.incidents.length === 1,
      'seeded page',
    );
    pageUrl = `${stack.statusUrl}/${slug}`;
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await stack.close();
  });

  it.each([
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ] as const)('%s screenshot without errors', async (name, viewport) => {
    const context = await browser.newContext({ viewport, timezoneId: 'America/New_York' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });

    const response = await page.goto(pageUrl);
    await page.waitForSelector('.local-time');
    await page.screenshot({ path: `${SCREENSHOTS}status-${name}.png`, fullPage: true });

    expect(response?.status()).toBe(200);
    expect(problems).toEqual([]);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('h1').textContent()).toBe('Acme Cloud');
    // The published incident states a partial outage, which overrides the open P1 alert.
    expect(await page.locator('#overall-status').textContent()).toBe('Partial System Outage');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });

  it('page reads without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();

    await page.goto(pageUrl);

    expect(await page.locator('.status--partial_outage').first().textContent()).toContain(
      'Partial outage',
    );
    expect(await page.getByRole('heading', { name: 'Active incidents' }).count()).toBe(1);
    expect(await page.locator('.local-time').count()).toBe(0);
    await context.close();
  });

  it('viewer time zone is added to times', async () => {
    const context = await browser.newContext({ timezoneId: 'America/New_York' });
    const page = await context.newPage();

    await page.goto(pageUrl);
    const local = await page.locator('.local-time').first().textContent();
    const note = await page.locator('[data-viewer-zone]').textContent();

    expect(local).toMatch(/your time\)$/);
    expect(note).toContain('America/New_York');
    await context.close();
  });

  it('skip link is the first tab stop', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(pageUrl);

    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent);

    expect(focused).toBe('Skip to content');
    await context.close();
  });

  it('subscribe form posts and redirects', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(pageUrl);

    await page.getByLabel('Email address').fill('browser@example.com');
    await page.getByRole('button', { name: 'Subscribe by email' }).click();
    await page.waitForURL(/subscribe\/check-email$/, { timeout: 5_000 }).catch(async (error) => {
      throw new Error(`Still at ${page.url()}: ${(await page.content()).slice(0, 2000)}`, {
        cause: error,
      });
    });

    expect(await page.locator('h1').textContent()).toBe('Check your email');
    const stored = await eventually(() =>
      stack.db
        .selectFrom('status_subscriber')
        .select('email')
        .where('email', '=', 'browser@example.com')
        .executeTakeFirst(),
    );
    expect(stored.email).toBe('browser@example.com');
    await context.close();
  });
});
