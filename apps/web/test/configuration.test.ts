import { createSchedule } from '@pagefree/core/schedules/create-schedule';
import { systemClock } from '@pagefree/core/shared/clock';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type PagingFixture, seedPagingFixture } from '../../server/test/support/paging-fixture.ts';
import {
  eventually,
  sessionPrincipal,
  startTestStack,
  type TestStack,
} from '../../server/test/support/stack.ts';
import { launchBrowser, newConsoleContext, saveScreenshot, signIn } from './support/browser.ts';

// A team admin's configuration work in the browser: integrations with their one-time
// secrets and test alerts, escalation levels, overrides and contact methods.
describe('team admin configuration', () => {
  let stack: TestStack;
  let fixture: PagingFixture;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    stack = await startTestStack({ withWorker: false, webDistDir: inject('webDistDir') });
    fixture = await seedPagingFixture(stack.db, stack.config);
    browser = await launchBrowser();
    const context = await newConsoleContext(browser, stack.server.url);
    page = await context.newPage();
    await signIn(page, fixture.admin);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('new integration reveals its secret once', async () => {
    await page.goto(`/config/integrations?team=${fixture.teamId}`);
    await page.getByRole('button', { name: 'New integration' }).click();
    await page.getByLabel('Name').fill('Grafana alerts');
    await page.getByLabel('Format').selectOption('grafana');
    await page.getByLabel('Require an HMAC-SHA256 signature').check();
    await page.getByRole('button', { name: 'Create integration' }).click();

    const reveal = page.getByRole('region', { name: /Signing secret of Grafana alerts/ });
    await reveal.waitFor();
    const secret = (await reveal.locator('code').textContent()) ?? '';
    expect(secret.length).toBeGreaterThan(20);
    await saveScreenshot(page, 'config-secret-reveal-desktop');
    await reveal.getByRole('button', { name: 'I have stored it' }).click();

    await page.getByRole('heading', { name: 'Grafana alerts' }).waitFor();
    expect(await page.getByText(secret).count()).toBe(0);
    const stored = await stack.db
      .selectFrom('integration')
      .select(['format', 'signature_required'])
      .where('name', '=', 'Grafana alerts')
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ format: 'grafana', signature_required: true });
  });

  it('rotating the secret shows the new one', async () => {
    const card = page.getByRole('article', { name: 'Grafana alerts' });
    await card.getByRole('button', { name: 'Rotate signing secret' }).click();
    await card.getByRole('button', { name: 'Rotate', exact: true }).click();

    const reveal = card.getByRole('region', { name: 'New signing secret.' });
    await reveal.waitFor();
    expect(await reveal.textContent()).toContain('The previous secret keeps working until');
    await reveal.getByRole('button', { name: 'I have stored it' }).click();
  });

  it('test alert opens an incident', async () => {
    const card = page.getByRole('article', { name: 'Grafana alerts' });
    await card.getByRole('button', { name: 'Send test alert' }).click();
    await card.getByRole('button', { name: 'Send test alert' }).click();

    await card.getByRole('link', { name: 'Open the test incident' }).click();

    await page
      .getByRole('heading', { name: /Test alert from PageFree \(Grafana alerts\)/, level: 1 })
      .waitFor();
  });

  it('policy editor saves a new level', async () => {
    await page.goto(`/config/policies?team=${fixture.teamId}`);
    await page.getByRole('button', { name: 'Edit levels' }).click();
    await page.getByRole('button', { name: 'Add level' }).click();
    const level = page.getByRole('group', { name: 'Level 3' });
    await level
      .getByLabel('Level 3 target 1', { exact: true })
      .selectOption(fixture.responders[1]!.id);
    await level.getByLabel('Minutes before escalating past level 3').fill('15');
    await page.getByRole('button', { name: 'Save policy' }).click();

    await page.getByText(/Escalation policy .* saved\./).waitFor();
    const levels = await stack.db
      .selectFrom('escalation_level')
      .select(['position', 'delay_minutes'])
      .where('policy_id', '=', fixture.policyId)
      .orderBy('position')
      .execute();
    expect(levels.map((row) => row.delay_minutes)).toEqual([5, 5, 15]);
  });

  it('override from the on-call page is stored', async () => {
    await createSchedule(
      { db: stack.db, clock: systemClock },
      { principal: sessionPrincipal(fixture.admin.id, 'PLATFORM_ADMIN'), ip: null },
      {
        teamId: fixture.teamId,
        name: 'Payments weekly',
        timeZone: 'UTC',
        rotationType: 'weekly',
        shiftLength: 1,
        handoffTime: '09:00',
        rotationStartDate: new Date().toISOString().slice(0, 10),
        participantIds: fixture.responders.map((responder) => responder.id),
      },
    );
    await page.goto('/on-call');
    const card = page.getByRole('article', { name: 'Payments weekly' });
    await card.getByRole('button', { name: 'Create override' }).click();
    await card.getByLabel('Who is on call').selectOption(fixture.responders[1]!.id);
    await saveScreenshot(page, 'on-call-override-form-desktop');
    await card.getByRole('button', { name: 'Create override', exact: true }).last().click();

    await page.getByText('Override added to Payments weekly.').waitFor();
    const override = await eventually(async () =>
      stack.db.selectFrom('schedule_override').select('user_id').executeTakeFirst(),
    );
    expect(override.user_id).toBe(fixture.responders[1]!.id);
    await card.getByText('Override', { exact: true }).waitFor();
  });

  it('webhook contact method reveals its secret', async () => {
    await page.goto('/settings');
    await page.getByLabel('Type').selectOption('webhook');
    await page.getByLabel('Webhook URL').fill('https://hooks.example.com/pagefree');
    await page.getByRole('button', { name: 'Add', exact: true }).click();

    await page.getByRole('region', { name: 'Webhook signing secret.' }).waitFor();
    await page
      .getByRole('list', { name: 'Contact methods' })
      .getByText('https://hooks.example.com/pagefree')
      .waitFor();
  });

  it('invalid webhook URL marks the field', async () => {
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await page.getByLabel('Type').selectOption('webhook');
    await page.getByLabel('Webhook URL').fill('ftp://files.example.com/drop');
    await page.getByRole('button', { name: 'Add', exact: true }).click();

    const input = page.getByLabel('Webhook URL');
    await page.getByText('address must be an http:// or https:// URL').waitFor();
    expect(await input.getAttribute('aria-invalid')).toBe('true');
  });
});
