import { createSchedule } from '@pagefree/core/schedules/create-schedule';
import { createOverride } from '@pagefree/core/schedules/overrides';
import { systemClock } from '@pagefree/core/shared/clock';
import { setTeamMember } from '@pagefree/core/teams/members';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type PagingFixture, seedPagingFixture } from '../../server/test/support/paging-fixture.ts';
import {
  sessionPrincipal,
  startTestStack,
  type TestStack,
} from '../../server/test/support/stack.ts';
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

// Renders every main screen with realistic data at desktop and phone widths, checks that
// each shows its content, and saves screenshots to test-artifacts/screenshots for review.
describe('main screens', () => {
  let stack: TestStack;
  let fixture: PagingFixture;
  let browser: Browser;
  let incidentId: string;

  beforeAll(async () => {
    stack = await startTestStack({ withWorker: false, webDistDir: inject('webDistDir') });
    fixture = await seedPagingFixture(stack.db, stack.config);
    await seedScreens(stack, fixture);
    const opened = [
      ['Checkout 5xx ratio above 5%', 'critical'],
      ['Payment provider latency above 800 ms', 'warning'],
      ['Nightly settlement export delayed', 'info'],
    ] as const;
    for (const [summary, severity] of opened) {
      const body = alertmanagerAlert(summary);
      body.commonLabels = { ...body.commonLabels, severity };
      const response = await stack.post(
        `/integrations/${fixture.integration.key}/alertmanager`,
        body,
      );
      incidentId = response.body.incidentId;
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function capture(page: Page, path: string, heading: RegExp | string, name: string) {
    await page.goto(path);
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    await page.locator('.state-loading').first().waitFor({ state: 'detached' });
    await saveScreenshot(page, name);
  }

  it.each(VIEWPORTS)('screens render at $name width', async ({ name, size, colorScheme }) => {
    const context = await newConsoleContext(browser, stack.server.url, size, colorScheme);
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await saveScreenshot(page, `sign-in-${name}`);
    await signIn(page, fixture.admin);

    await capture(page, '/incidents', 'Incidents', `incidents-${name}`);
    expect(await page.locator('[data-incident-id]').count()).toBe(3);

    await page.goto(`/incidents/${incidentId}`);
    await page.getByRole('heading', { name: /Nightly settlement export delayed/ }).waitFor();
    await page.getByRole('list', { name: 'Timeline' }).waitFor();
    await page.getByText('Raw payload').first().click();
    await saveScreenshot(page, `incident-detail-${name}`);

    await capture(page, '/on-call', 'On-call', `on-call-${name}`);
    expect(await page.getByRole('list', { name: 'My upcoming shifts' }).isVisible()).toBe(true);

    await capture(
      page,
      `/config/integrations?team=${fixture.teamId}`,
      'Configuration',
      `config-integrations-${name}`,
    );
    expect(await page.getByText('Ingestion URL').first().isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Recent deliveries' }).click();
    await page.getByRole('table').waitFor();
    await saveScreenshot(page, `config-deliveries-${name}`);

    await capture(
      page,
      `/config/policies?team=${fixture.teamId}`,
      'Configuration',
      `config-policies-${name}`,
    );
    await page.getByRole('button', { name: 'Edit levels' }).first().click();
    await page.getByText('Level 1', { exact: true }).waitFor();
    await saveScreenshot(page, `config-policy-editor-${name}`);

    await capture(page, '/settings', 'My settings', `settings-${name}`);
    await capture(page, '/audit', 'Audit log', `audit-${name}`);
    expect(await page.locator('tbody tr').count()).toBeGreaterThan(0);
    await context.close();
  });
});

/** Creates a schedule with the admin in the rotation, and an override, so On-call has content. */
async function seedScreens(stack: TestStack, fixture: PagingFixture) {
  const deps = { db: stack.db, clock: systemClock };
  const caller = { principal: sessionPrincipal(fixture.admin.id, 'PLATFORM_ADMIN'), ip: null };
  await setTeamMember(deps, caller, {
    teamId: fixture.teamId,
    userId: fixture.admin.id,
    role: 'TEAM_ADMIN',
  });
  const today = new Date().toISOString().slice(0, 10);
  const schedule = await createSchedule(deps, caller, {
    teamId: fixture.teamId,
    name: 'Payments primary',
    timeZone: 'Europe/Berlin',
    rotationType: 'daily',
    shiftLength: 1,
    handoffTime: '09:00',
    rotationStartDate: today,
    participantIds: [fixture.admin.id, ...fixture.responders.map((responder) => responder.id)],
  });
  const start = new Date(Date.now() + 2 * 86_400_000);
  await createOverride(deps, caller, {
    scheduleId: schedule.id,
    userId: fixture.responders[1]!.id,
    startsAt: start,
    endsAt: new Date(start.getTime() + 4 * 3_600_000),
  });
}
