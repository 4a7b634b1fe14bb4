import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type PagingFixture, seedPagingFixture } from '../../server/test/support/paging-fixture.ts';
import { eventually } from '../../server/test/support/stack.ts';
import {
  fetchText,
  type StatusStack,
  startStatusStack,
  waitForSummary,
} from '../../server/test/support/status-fixture.ts';
import {
  fromZonedInputValue,
  toZonedInputValue,
} from '../src/features/status-pages/maintenance/zoned-time.ts';
import { alertmanagerAlert } from './support/alerts.ts';
import {
  DESKTOP,
  launchBrowser,
  newConsoleContext,
  PHONE,
  saveScreenshot,
  signIn,
} from './support/browser.ts';

const VIEWPORTS = [
  { name: 'desktop', size: DESKTOP, colorScheme: 'light' },
  { name: 'phone', size: PHONE, colorScheme: 'light' },
  { name: 'phone-dark', size: PHONE, colorScheme: 'dark' },
] as const;

/** Posts a form to the status site the way a visitor's browser does. */
function postForm(url: string, fields: Record<string, string>) {
  return fetchText(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Returns the UTC offset of `timeZone` at `date` in minutes, read from Intl's "GMT-4" form. */
function utcOffsetMinutes(date: Date, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' })
    .formatToParts(date)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name ?? '');
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

// A team admin builds a status page in the console against a real server, worker and
// status site: components mapped to services, status incidents with updates from a
// template, maintenance in another time zone, subscribers, and the sandboxed preview.
describe('status page admin screens', () => {
  let stack: StatusStack;
  let fixture: PagingFixture;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let serviceName: string;
  let pageId: string;
  const slug = `acme-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    stack = await startStatusStack({ smtp: true, webDistDir: inject('webDistDir') });
    fixture = await seedPagingFixture(stack.db, stack.config);
    serviceName = (
      await stack.db
        .selectFrom('service')
        .select('name')
        .where('id', '=', fixture.serviceId)
        .executeTakeFirstOrThrow()
    ).name;
    browser = await launchBrowser();
    context = await newConsoleContext(browser, stack.server.url);
    page = await context.newPage();
    await signIn(page, fixture.admin);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  function openTab(name: string) {
    return page
      .getByRole('navigation', { name: 'Status page sections' })
      .getByRole('link', { name })
      .click();
  }

  it('page with a mapped component is created', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Status pages' })
      .click();
    await page.getByText('Your teams have no status pages yet.').waitFor();
    await page.getByRole('button', { name: 'New status page' }).click();
    const form = page.getByRole('form', { name: 'New status page' });
    await form.getByLabel('Name', { exact: true }).fill('Acme Cloud');
    expect(await form.getByLabel('Slug').inputValue()).toBe('acme-cloud');
    await form.getByLabel('Slug').fill(slug);
    await form.getByLabel('Time zone').fill('Europe/Berlin');
    await form.getByRole('button', { name: 'Create status page' }).click();

    await page.getByRole('heading', { name: 'Acme Cloud', level: 1 }).waitFor();
    await page.waitForURL(/\/components$/);
    pageId = /\/status-pages\/([^/]+)\//.exec(page.url())?.[1] ?? '';
    await page.getByText('This page has no components yet.').waitFor();

    await page.getByRole('button', { name: 'New section' }).click();
    await page.getByLabel('Section name').fill('Payments');
    await page.getByRole('button', { name: 'Add section' }).click();
    const section = page.getByRole('article', { name: 'Payments' });
    await section.getByRole('button', { name: 'Add component' }).click();
    const componentForm = section.getByRole('form', { name: 'New component' });
    await componentForm.getByLabel('Public name').fill('Checkout');
    await componentForm.getByLabel(serviceName).check();
    await componentForm.getByRole('button', { name: 'Add component' }).click();

    const row = section.getByRole('list', { name: 'Components in Payments' }).getByRole('listitem');
    await row.getByText(`Follows ${serviceName}`).waitFor();
    const mapped = await stack.db
      .selectFrom('status_component')
      .innerJoin(
        'status_component_service',
        'status_component_service.component_id',
        'status_component.id',
      )
      .select(['status_component.name', 'status_component_service.service_id'])
      .where('status_component.page_id', '=', pageId)
      .execute();
    expect(mapped).toEqual([{ name: 'Checkout', service_id: fixture.serviceId }]);
  });

  it('invalid embed origin marks its field', async () => {
    await openTab('Settings');
    const embeds = page.getByLabel('Sites that may embed the page');
    await embeds.fill('example.com');
    await page.getByRole('button', { name: 'Save settings' }).click();

    await page.getByText('frameAncestors entries must be origins').waitFor();
    expect(await embeds.getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('button', { name: 'Discard changes' }).click();
    expect(await page.getByLabel('Sites that may embed the page').inputValue()).toBe('');
  });

  it('template is created', async () => {
    await openTab('Templates');
    await page.getByText('No templates yet.').waitFor();
    await page.getByRole('button', { name: 'New template' }).click();
    const form = page.getByRole('form', { name: 'New template' });
    await form.getByLabel('Template name').fill('Cause found');
    await form.getByLabel('Status').selectOption('identified');
    await form.getByLabel('Incident title').fill('Card payments failing');
    await form
      .getByLabel('Message')
      .fill('We found the cause: an expired certificate at our card processor.');
    await form.getByRole('button', { name: 'Create template' }).click();

    await page.getByRole('list', { name: 'Templates' }).getByText('Cause found').waitFor();
  });

  it('status incident and update show in the preview', async () => {
    const opened = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      alertmanagerAlert('Checkout card payments fail'),
    );
    expect(opened.status).toBe(202);
    await openTab('Incidents');
    await page.getByText('No status incidents yet.').waitFor();
    await page.getByRole('button', { name: 'New status incident' }).click();
    const form = page.getByRole('form', { name: 'New status incident' });
    await form.getByLabel('Title').fill('Card payments failing');
    await form.getByLabel('Message').fill('Some card payments fail. We are looking into it.');
    await form.getByRole('combobox', { name: /^Checkout/ }).selectOption('partial_outage');
    await form.getByLabel('Checkout card payments fail').check();
    await form.getByRole('button', { name: 'Publish incident' }).click();

    await page.getByRole('heading', { name: 'Card payments failing', level: 2 }).waitFor();
    const updateForm = page.getByRole('form', { name: 'Post an update' });
    await updateForm.getByLabel('Template (optional)').selectOption({ label: 'Cause found' });
    expect(await updateForm.getByLabel('New status').inputValue()).toBe('identified');
    await updateForm.getByRole('button', { name: 'Post update' }).click();
    await page.getByText('Update posted: Identified.').waitFor();

    const updates = page.getByRole('list', { name: 'Updates, newest first' }).getByRole('listitem');
    expect(await updates.count()).toBe(2);
    expect(await updates.first().textContent()).toContain('an expired certificate');
    const stored = await stack.db
      .selectFrom('status_incident')
      .select(['id', 'status', 'impact'])
      .where('page_id', '=', pageId)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'identified', impact: 'major' });
    const links = await stack.db
      .selectFrom('status_incident_link')
      .select('incident_id')
      .where('status_incident_id', '=', stored.id)
      .execute();
    expect(links).toEqual([{ incident_id: opened.body.incidentId }]);

    await openTab('Preview');
    const frame = page.frameLocator('iframe[title^="Preview of Acme Cloud"]');
    await frame.getByText('an expired certificate at our card processor').first().waitFor();
    await frame.getByRole('heading', { name: 'Card payments failing' }).first().waitFor();
    const fontFamily = await frame
      .locator('body')
      .evaluate((body) => getComputedStyle(body).fontFamily);
    expect(fontFamily).toContain('system-ui');
    expect(await page.locator('iframe.preview-frame').getAttribute('sandbox')).toBe('');
    const statuses = page.getByRole('list', { name: 'Component statuses' });
    await statuses.getByText('Partial outage').waitFor();
    await statuses.getByText('Set by an unresolved status incident').waitFor();
  });

  it('maintenance is scheduled in its zone', async () => {
    const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    await openTab('Maintenance');
    await page.getByText('No upcoming maintenance.').waitFor();
    await page.getByRole('button', { name: 'Schedule maintenance' }).click();
    const form = page.getByRole('form', { name: 'New maintenance' });
    await form.getByLabel('Title').fill('Database upgrade');
    await form.getByLabel('Time zone').fill('America/New_York');
    await form.getByLabel('Starts').fill(`${day}T02:00`);
    await form.getByLabel('Ends').fill(`${day}T03:30`);
    await form.getByLabel('Repeats').selectOption('weekly');
    await form.getByLabel('Checkout').check();
    await form.getByRole('button', { name: 'Schedule maintenance' }).click();

    const item = page.getByRole('list', { name: 'Maintenance windows' }).getByRole('listitem');
    await item.getByText('Database upgrade').waitFor();
    await item.getByText('Repeats every week').waitFor();
    expect(await item.textContent()).toContain('Scheduled');
    const stored = await stack.db
      .selectFrom('status_maintenance')
      .select(['starts_at', 'ends_at', 'time_zone', 'recurrence'])
      .where('page_id', '=', pageId)
      .executeTakeFirstOrThrow();
    const wallClock = new Date(`${day}T02:00:00Z`);
    const offset = utcOffsetMinutes(wallClock, 'America/New_York');
    expect(stored.starts_at.toISOString()).toBe(
      new Date(wallClock.getTime() - offset * 60_000).toISOString(),
    );
    expect(stored.ends_at.getTime() - stored.starts_at.getTime()).toBe(90 * 60_000);
    expect(stored.time_zone).toBe('America/New_York');
    expect(stored.recurrence).toBe('weekly');
  });

  it('removed subscriber is unsubscribed', async () => {
    await waitForSummary(stack.statusUrl, slug, () => true, 'the published page');
    for (const email of ['ops@customer.example', 'cto@customer.example']) {
      const posted = await postForm(`${stack.statusUrl}/${slug}/subscribe`, { email });
      expect(posted.status).toBe(303);
    }
    const confirmation = await stack.smtp!.waitForMessage(
      (mail) =>
        mail.subject?.startsWith('Confirm your subscription') === true &&
        mail.to !== undefined &&
        'text' in mail.to &&
        mail.to.text === 'ops@customer.example',
    );
    const token = /subscription\/confirm\?token=([A-Za-z0-9_-]+)/.exec(
      confirmation.text ?? '',
    )?.[1];
    const confirmed = await postForm(`${stack.statusUrl}/${slug}/subscription/confirm`, {
      token: token ?? '',
    });
    expect(confirmed.status).toBe(303);

    await openTab('Subscribers');
    const row = page.getByRole('row', { name: /ops@customer\.example/ });
    await row.getByText('Active').waitFor();
    await page
      .getByRole('row', { name: /cto@customer\.example/ })
      .getByText('Awaiting confirmation')
      .waitFor();
    await row.getByRole('button', { name: 'Remove' }).click();
    await row.getByRole('button', { name: 'Remove subscriber' }).click();

    await row.getByText('Unsubscribed').waitFor();
    const stored = await eventually(async () => {
      const subscriber = await stack.db
        .selectFrom('status_subscriber')
        .select('unsubscribed_at')
        .where('email', '=', 'ops@customer.example')
        .executeTakeFirstOrThrow();
      return subscriber.unsubscribed_at ? subscriber : undefined;
    });
    expect(stored.unsubscribed_at).toBeInstanceOf(Date);
  });

  it('observer sees the page read-only', async () => {
    const observerContext = await newConsoleContext(browser, stack.server.url);
    const observerPage = await observerContext.newPage();
    await signIn(observerPage, fixture.observer);
    await observerPage.goto(`/status-pages/${pageId}/components`);

    await observerPage.getByText('You can read this page.').waitFor();
    await observerPage
      .getByRole('article', { name: 'Payments' })
      .getByText('Checkout')
      .first()
      .waitFor();
    expect(await observerPage.getByRole('button', { name: 'New component' }).count()).toBe(0);
    await observerPage.goto(`/status-pages/${pageId}/incidents`);
    await observerPage.getByRole('link', { name: 'Card payments failing' }).waitFor();
    expect(await observerPage.getByRole('button', { name: 'New status incident' }).count()).toBe(0);
    await observerContext.close();
  });

  it.each(VIEWPORTS)('screens render at $name width', async ({ name, size, colorScheme }) => {
    const viewportContext = await newConsoleContext(browser, stack.server.url, size, colorScheme);
    const viewportPage = await viewportContext.newPage();
    await signIn(viewportPage, fixture.admin);
    const incidentId = (
      await stack.db
        .selectFrom('status_incident')
        .select('id')
        .where('page_id', '=', pageId)
        .executeTakeFirstOrThrow()
    ).id;
    const screens = [
      ['list', '/status-pages', 'Acme Cloud'],
      ['components', `/status-pages/${pageId}/components`, 'Checkout'],
      ['incidents', `/status-pages/${pageId}/incidents`, 'Card payments failing'],
      ['incident', `/status-pages/${pageId}/incidents/${incidentId}`, 'Post an update'],
      ['maintenance', `/status-pages/${pageId}/maintenance`, 'Database upgrade'],
      ['templates', `/status-pages/${pageId}/templates`, 'Cause found'],
      ['subscribers', `/status-pages/${pageId}/subscribers`, 'cto@customer.example'],
      ['settings', `/status-pages/${pageId}/settings`, 'Delete this page'],
    ] as const;
    for (const [screen, path, text] of screens) {
      await viewportPage.goto(path);
      await viewportPage.getByText(text).first().waitFor();
      await viewportPage.locator('.state-loading').first().waitFor({ state: 'detached' });
      await saveScreenshot(viewportPage, `status-admin-${screen}-${name}`);
    }

    const forms = [
      ['component-form', 'components', 'New component'],
      ['incident-form', 'incidents', 'New status incident'],
      ['maintenance-form', 'maintenance', 'New maintenance'],
    ] as const;
    for (const [screen, tab, formName] of forms) {
      await viewportPage.goto(`/status-pages/${pageId}/${tab}`);
      const opener = formName === 'New maintenance' ? 'Schedule maintenance' : formName;
      await viewportPage.getByRole('button', { name: opener }).click();
      await viewportPage.getByRole('form', { name: formName }).waitFor();
      await viewportPage.locator('.state-loading').first().waitFor({ state: 'detached' });
      await saveScreenshot(viewportPage, `status-admin-${screen}-${name}`);
    }

    await viewportPage.goto(`/status-pages/${pageId}/preview`);
    await viewportPage
      .frameLocator('iframe.preview-frame')
      .getByText('an expired certificate at our card processor')
      .first()
      .waitFor();
    await saveScreenshot(viewportPage, `status-admin-preview-${name}`);
    const overflow = await viewportPage.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await viewportContext.close();
  });
});

describe('zoned wall-clock time', () => {
  it.each([
    ['2026-07-01T12:00', 'Europe/Berlin', '2026-07-01T10:00:00.000Z'],
    ['2026-01-15T09:30', 'America/New_York', '2026-01-15T14:30:00.000Z'],
    ['2026-01-01T00:00', 'Pacific/Auckland', '2025-12-31T11:00:00.000Z'],
    // Repeated by the autumn change: the first occurrence, still in summer time.
    ['2026-10-25T02:30', 'Europe/Berlin', '2026-10-25T00:30:00.000Z'],
    // Skipped by the spring change: the same distance past it, 03:30 summer time.
    ['2026-03-29T02:30', 'Europe/Berlin', '2026-03-29T01:30:00.000Z'],
  ])('%s in %s is %s', (wallClock, timeZone, instant) => {
    expect(fromZonedInputValue(wallClock, timeZone)?.toISOString()).toBe(instant);
  });

  it('instant round-trips through the input value', () => {
    const instant = new Date('2026-11-02T07:15:00.000Z');

    const wallClock = toZonedInputValue(instant, 'America/Los_Angeles');

    expect(wallClock).toBe('2026-11-01T23:15');
    expect(fromZonedInputValue(wallClock, 'America/Los_Angeles')?.toISOString()).toBe(
      instant.toISOString(),
    );
  });

  it.each([
    ['', 'UTC'],
    ['2026-07-01', 'UTC'],
    ['2026-07-01T12:00', 'Mars/Olympus_Mons'],
  ])('%j in %s is rejected', (wallClock, timeZone) => {
    expect(fromZonedInputValue(wallClock, timeZone)).toBeNull();
  });
});
