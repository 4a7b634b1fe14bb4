import { revokeSession } from '@pagefree/core/auth/sessions';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type PagingFixture, seedPagingFixture } from '../../server/test/support/paging-fixture.ts';
import { eventually, startTestStack, type TestStack } from '../../server/test/support/stack.ts';
import { alertmanagerAlert } from './support/alerts.ts';
import { launchBrowser, newConsoleContext, saveScreenshot, signIn } from './support/browser.ts';

// The console against a real server, database and Redis, driven in Debian's Chromium. The
// tests share one signed-in page and run in order, as one engineer's session would.
describe('engineer console', () => {
  let stack: TestStack;
  let fixture: PagingFixture;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  async function openIncident(summary: string): Promise<string> {
    const response = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      alertmanagerAlert(summary),
    );
    expect(response.status).toBe(202);
    return response.body.incidentId;
  }

  async function incidentStatus(incidentId: string) {
    const row = await stack.db
      .selectFrom('incident')
      .select(['status', 'acknowledged_by'])
      .where('id', '=', incidentId)
      .executeTakeFirstOrThrow();
    return row;
  }

  function row(incidentId: string) {
    return page.locator(`[data-incident-id="${incidentId}"]`);
  }

  beforeAll(async () => {
    stack = await startTestStack({ withWorker: false, webDistDir: inject('webDistDir') });
    fixture = await seedPagingFixture(stack.db, stack.config);
    browser = await launchBrowser();
    context = await newConsoleContext(browser, stack.server.url);
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('sign-in leads to the dashboard', async () => {
    await page.goto('/incidents');
    await page.waitForURL('**/sign-in');

    await signIn(page, fixture.responders[0]!);

    expect(new URL(page.url()).pathname).toBe('/incidents');
    await page.getByText('No open incidents.').waitFor();
  });

  it('wrong password shows the server message', async () => {
    const signedOut = await newConsoleContext(browser, stack.server.url);
    const other = await signedOut.newPage();
    await other.goto('/sign-in');
    await other.getByLabel('Email').fill(fixture.responders[1]!.email);
    await other.getByLabel('Password').fill('not the password');
    await other.getByRole('button', { name: 'Sign in' }).click();

    await other.getByRole('alert').filter({ hasText: 'Email or password is incorrect.' }).waitFor();
    expect(new URL(other.url()).pathname).toBe('/sign-in');
    await saveScreenshot(other, 'sign-in-error-desktop');
    await signedOut.close();
  });

  it('alert from ingestion appears live', async () => {
    await page.getByText('Live', { exact: true }).waitFor();

    const incidentId = await openIncident('Checkout latency above 2 s');

    await row(incidentId).waitFor();
    expect(await row(incidentId).getByText('Triggered').isVisible()).toBe(true);
    await saveScreenshot(page, 'dashboard-live-desktop');
  });

  it('acknowledge from the list', async () => {
    const incidentId = await openIncident('Payment provider timeouts');
    await row(incidentId).waitFor();

    await row(incidentId)
      .getByRole('button', { name: /^Acknowledge/ })
      .click();

    await row(incidentId).getByText('Acknowledged').waitFor();
    const stored = await eventually(async () => {
      const current = await incidentStatus(incidentId);
      return current.status === 'acknowledged' ? current : undefined;
    });
    expect(stored.acknowledged_by).toBe(fixture.responders[0]!.id);
  });

  it('failed acknowledge rolls back with a message', async () => {
    const incidentId = await openIncident('Queue depth growing');
    await row(incidentId).getByText('Triggered').waitFor();
    // Demoted behind the console's back, so the server refuses what the page still offers.
    const membership = stack.db
      .updateTable('team_member')
      .where('team_id', '=', fixture.teamId)
      .where('user_id', '=', fixture.responders[0]!.id);
    await membership.set({ role: 'OBSERVER' }).execute();

    try {
      await row(incidentId)
        .getByRole('button', { name: /^Acknowledge/ })
        .click();

      const toast = page.getByRole('alert').filter({ hasText: /was not acknowledged/ });
      await toast.waitFor();
      expect(await toast.textContent()).toContain('RESPONDER role');
      await row(incidentId).getByText('Triggered').waitFor();
      expect((await incidentStatus(incidentId)).status).toBe('triggered');
      await toast.getByRole('button', { name: 'Dismiss message' }).click();
    } finally {
      await membership.set({ role: 'RESPONDER' }).execute();
    }
  });

  it('bulk acknowledge acknowledges every selected incident', async () => {
    const first = await openIncident('Disk almost full on db-1');
    const second = await openIncident('Disk almost full on db-2');
    await row(first).waitFor();
    await row(second).waitFor();

    await row(first).getByRole('checkbox').check();
    await row(second).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Acknowledge 2' }).click();

    await page.getByText('Acknowledged 2 incidents.').waitFor();
    const statuses = await eventually(async () => {
      const rows = await Promise.all([incidentStatus(first), incidentStatus(second)]);
      return rows.every((current) => current.status === 'acknowledged') ? rows : undefined;
    });
    expect(statuses.map((current) => current.status)).toEqual(['acknowledged', 'acknowledged']);
  });

  it('detail page shows the timeline', async () => {
    const incidentId = await openIncident('Card authorisations failing');
    await row(incidentId).getByRole('link').click();
    await page.getByRole('heading', { name: /Card authorisations failing/, level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByLabel('Add a note').fill('Rolled back the 14:02 deploy.');
    await page.getByRole('button', { name: 'Add note' }).click();

    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('Rolled back the 14:02 deploy.').waitFor();
    await timeline.getByText('Acknowledged', { exact: true }).waitFor();
    expect(await timeline.getByText('Triggered', { exact: true }).isVisible()).toBe(true);
    await page.getByText('Raw payload').first().waitFor();
    await saveScreenshot(page, 'incident-detail-desktop');
  });

  it('reconnect shows missed incidents', async () => {
    await page.goto('/incidents');
    await page.getByText('Live', { exact: true }).waitFor();
    const socketRequests = (url: URL) => url.pathname.startsWith('/socket.io/');
    await page.route(socketRequests, (route) => route.abort());

    stack.server.io.of('/incidents').disconnectSockets(true);
    await page.getByText('Not live.').waitFor();
    const incidentId = await openIncident('Missed while offline');
    await saveScreenshot(page, 'dashboard-not-live-desktop');
    await page.unroute(socketRequests);

    // Reconnection backs off for up to 10 seconds between attempts.
    await page.getByText('Live', { exact: true }).waitFor({ timeout: 20_000 });
    await row(incidentId).waitFor();
    expect(await page.getByText('Not live.').count()).toBe(0);
  });

  it('expired session returns to the same page after sign-in', async () => {
    await page.goto('/incidents');
    await page.getByText('Live', { exact: true }).waitFor();
    // No request of the page load may still be in flight when the session ends.
    await page.waitForLoadState('networkidle');
    const sessions = await stack.db
      .selectFrom('user_session')
      .select('id')
      .where('user_id', '=', fixture.responders[0]!.id)
      .where('revoked_at', 'is', null)
      .execute();
    for (const session of sessions) await revokeSession(stack.db, session.id, new Date());

    await page.getByRole('link', { name: 'On-call' }).click();

    await page.waitForURL('**/sign-in');
    await page.getByText('Your session has ended.').waitFor();
    await saveScreenshot(page, 'sign-in-expired-desktop');
    await page.getByLabel('Email').fill(fixture.responders[0]!.email);
    await page.getByLabel('Password').fill(fixture.responders[0]!.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'On-call', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/on-call');
  });
  it('password change from My settings', async () => {
    const own = await newConsoleContext(browser, stack.server.url);
    const settings = await own.newPage();
    const user = fixture.observer;
    const newPassword = 'a new password for the observer';
    await signIn(settings, user);
    await settings.getByRole('link', { name: 'My settings' }).click();
    const form = settings.getByRole('form', { name: 'Change your password' });

    await form.getByLabel('Current password').fill('not the password');
    await form.getByLabel('New password', { exact: true }).fill(newPassword);
    await form.getByLabel('New password again').fill(newPassword);
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByText('Current password is incorrect').waitFor();

    await form.getByLabel('Current password').fill(user.password);
    await form.getByRole('button', { name: 'Change password' }).click();
    await settings.getByText('Password changed.').waitFor();
    await own.close();

    const signInWith = (password: string) =>
      fetch(`${stack.server.url}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.email, password }),
      });
    expect((await signInWith(user.password)).status).toBe(401);
    expect((await signInWith(newPassword)).status).toBe(200);
  });
});
