import { hashToken } from '@pagefree/core/crypto/tokens';
import { recordPartnerAudit } from '@pagefree/core/partners/audit/record-partner-audit';
import { exchangeSignInLink } from '@pagefree/core/partners/sign-in/exchange-sign-in-link';
import { systemClock } from '@pagefree/core/shared/clock';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type PartnerFixture,
  seedPartnerFixture,
  storeSignInLink,
} from '../../server/test/partner-fixture.ts';
import { eventually, startTestStack, type TestStack } from '../../server/test/support/stack.ts';
import {
  DESKTOP,
  launchBrowser,
  newConsoleContext,
  PHONE,
  saveScreenshot,
  signIn,
} from './support/browser.ts';

const VIEWPORTS = [
  { name: 'desktop', size: DESKTOP },
  { name: 'phone', size: PHONE },
] as const;

// The partner admin screens against a real server and database in Chromium, with realistic
// partners, access, tokens, sessions and audit events, at desktop and phone widths.
describe('partner admin screens', () => {
  let stack: TestStack;
  let fixture: PartnerFixture<TestStack & { statusUrl: string }>;
  let browser: Browser;

  beforeAll(async () => {
    // No status site runs: the screens only show its address.
    const statusUrl = 'https://status.example.com';
    stack = await startTestStack({
      withWorker: false,
      webDistDir: inject('webDistDir'),
      env: { STATUS_PUBLIC_URL: statusUrl },
    });
    fixture = await seedPartnerFixture(Object.assign(stack, { statusUrl }), {
      waitForPublish: false,
    });
    await seedScreens(fixture);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function openTab(page: Page, path: string, heading: string) {
    await page.goto(path);
    await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
    await page.locator('.state-loading').first().waitFor({ state: 'detached' });
  }

  it.each(VIEWPORTS)('screens render at $name width', async ({ name, size }) => {
    const context = await newConsoleContext(browser, stack.server.url, size);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await signIn(page, fixture.paging.admin);

    await openTab(page, '/partners/accounts', 'Partner accounts');
    expect(await page.getByRole('cell', { name: /Ops Team/ }).isVisible()).toBe(true);
    await saveScreenshot(page, `partner-admin-partners-${name}`);

    await openTab(page, `/partners/access?page=${fixture.page.id}`, 'Access to a status page');
    await page
      .getByText(`${stack.config.statusPublicUrl}/${fixture.page.slug}/partner/sign-in`)
      .waitFor();
    await page.getByRole('list', { name: /Partners with access/ }).waitFor();
    await saveScreenshot(page, `partner-admin-access-${name}`);

    await openTab(page, '/partners/tokens', 'Access tokens');
    expect(await page.getByText('Grafana dashboard').first().isVisible()).toBe(true);
    await saveScreenshot(page, `partner-admin-tokens-${name}`);

    await openTab(page, '/partners/sessions', 'Sessions');
    expect(await page.getByText('Ops Team').first().isVisible()).toBe(true);
    await saveScreenshot(page, `partner-admin-sessions-${name}`);

    await openTab(page, '/partners/audit', 'Partner audit log');
    expect(await page.getByText('unknown or signed-out credential').first().isVisible()).toBe(true);
    await saveScreenshot(page, `partner-admin-audit-${name}`);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('admin creates, grants and issues a token once', async () => {
    const context = await newConsoleContext(browser, stack.server.url);
    const page = await context.newPage();
    await signIn(page, fixture.paging.admin);

    await openTab(page, '/partners/accounts', 'Partner accounts');
    await page.getByRole('button', { name: 'New partner' }).click();
    const form = page.getByRole('form', { name: 'New partner' });
    await form.getByLabel('Name').fill('Initech NOC');
    await form.getByLabel('Email').fill('noc@initech.example');
    await form.getByLabel('Organisation').fill('Initech');
    await form.getByRole('button', { name: 'Create partner' }).click();
    await page.getByRole('cell', { name: /Initech NOC/ }).waitFor();

    await openTab(page, `/partners/access?page=${fixture.page.id}`, 'Access to a status page');
    await page
      .getByRole('combobox', { name: 'Partner' })
      .selectOption({ label: 'Initech NOC (noc@initech.example)' });
    await page.getByRole('button', { name: 'Give access' }).click();
    await page
      .getByRole('list', { name: /Partners with access/ })
      .getByText('Initech NOC')
      .waitFor();

    await openTab(page, '/partners/tokens', 'Access tokens');
    await page.getByRole('button', { name: 'New access token' }).click();
    const tokenForm = page.getByRole('form', { name: 'New access token' });
    await tokenForm
      .getByLabel('Partner and page')
      .selectOption({ label: 'Initech NOC · Acme Partner Portal' });
    await tokenForm.getByLabel('Name').fill('NOC wallboard');
    await tokenForm.getByRole('button', { name: 'Create token' }).click();
    const reveal = page.getByRole('region', { name: /Access token “NOC wallboard”/ });
    await reveal.waitFor();
    const shown = await reveal.locator('code').textContent();
    expect(shown).toMatch(/^pfpt_[A-Za-z0-9_-]{43}$/);
    await saveScreenshot(page, 'partner-admin-token-created-desktop');
    await reveal.getByRole('button', { name: 'I have stored it' }).click();
    expect(await page.getByText(shown!).count()).toBe(0);

    const stored = await stack.db
      .selectFrom('partner_access_token')
      .select(['token_hash', 'token_prefix'])
      .where('name', '=', 'NOC wallboard')
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(hashToken(shown!));
    expect(shown!.startsWith(stored.token_prefix)).toBe(true);
    await context.close();
  });

  it('revoke and regenerate ask first and say the old token stops working', async () => {
    const context = await newConsoleContext(browser, stack.server.url);
    const page = await context.newPage();
    await signIn(page, fixture.paging.admin);
    await openTab(page, '/partners/tokens', 'Access tokens');
    const row = page.getByRole('row', { name: /Status poller/ });

    await row.getByRole('button', { name: 'Revoke' }).click();
    const revokeDialog = page.getByRole('dialog', { name: 'Revoke “Status poller”?' });
    await revokeDialog.waitFor();
    expect(await revokeDialog.textContent()).toContain('The old token stops working at once');
    await saveScreenshot(page, 'partner-admin-revoke-dialog-desktop');
    await revokeDialog.getByRole('button', { name: 'Cancel' }).click();
    await revokeDialog.waitFor({ state: 'detached' });
    expect(await tokenState('Status poller')).toBeNull();

    await row.getByRole('button', { name: 'Regenerate' }).click();
    const regenerateDialog = page.getByRole('dialog', { name: 'Regenerate “Status poller”?' });
    expect(await regenerateDialog.textContent()).toContain('the old token stops working at once');
    await regenerateDialog.getByRole('button', { name: 'Regenerate token' }).click();
    const reveal = page.getByRole('region', { name: /the old one no longer works/ });
    await reveal.waitFor();
    expect(await reveal.locator('code').textContent()).toMatch(/^pfpt_/);
    expect(await tokenState('Status poller')).not.toBeNull();

    await reveal.getByRole('button', { name: 'I have stored it' }).click();
    const active = page.getByRole('row', { name: /Status poller.*Active/ });
    await active.getByRole('button', { name: 'Revoke' }).click();
    await page
      .getByRole('dialog', { name: 'Revoke “Status poller”?' })
      .getByRole('button', { name: 'Revoke token' })
      .click();
    await page.getByText('Token “Status poller” is revoked and no longer works.').waitFor();
    const states = await stack.db
      .selectFrom('partner_access_token')
      .select('revoked_at')
      .where('name', '=', 'Status poller')
      .execute();
    expect(states.every((token) => token.revoked_at !== null)).toBe(true);
    await context.close();
  });

  it('audit log filters denied attempts', async () => {
    const context = await newConsoleContext(browser, stack.server.url);
    const page = await context.newPage();
    await signIn(page, fixture.paging.admin);
    await openTab(page, '/partners/audit', 'Partner audit log');

    await page
      .getByRole('cell', { name: /Allowed/ })
      .first()
      .waitFor();
    await page.getByLabel('Outcome').selectOption('denied');
    await page.getByRole('button', { name: 'Apply filters' }).click();

    // The filtered list replaces the full one once it has loaded.
    const texts = await eventually(async () => {
      const rows = await page.locator('tbody tr').allTextContents();
      return rows.length > 0 && rows.every((text) => text.includes('Denied')) ? rows : undefined;
    }, 10_000);
    expect(texts.length).toBeGreaterThanOrEqual(3);
    await context.close();
  });

  it('screens are for platform admins only', async () => {
    const context = await newConsoleContext(browser, stack.server.url);
    const page = await context.newPage();
    await signIn(page, fixture.paging.responders[0]!);

    await page.goto('/partners/accounts');

    await page.getByText('Only platform admins manage partners.').waitFor();
    expect(await page.getByRole('link', { name: 'Partners' }).count()).toBe(0);
    await context.close();
  });

  /** Returns when the named token was revoked, or null. */
  async function tokenState(name: string) {
    const row = await stack.db
      .selectFrom('partner_access_token')
      .select('revoked_at')
      .where('name', '=', name)
      .orderBy('created_at')
      .executeTakeFirstOrThrow();
    return row.revoked_at;
  }
});

/** Adds partners in several states, tokens with use, sessions and audit events. */
async function seedScreens(fixture: PartnerFixture<TestStack & { statusUrl: string }>) {
  const { admin, stack } = fixture;
  const other = await admin.partners.create.mutate({
    name: 'Lena Fischer',
    email: 'lena.fischer@contractor.example',
    organisation: 'Fischer IT Services',
  });
  const retired = await admin.partners.create.mutate({
    name: 'Old Integrator',
    email: 'ops@old-integrator.example',
    organisation: 'Umbrella Hosting',
  });
  await admin.partners.grants.create.mutate({ partnerId: other.id, pageId: fixture.page.id });
  await admin.partners.grants.create.mutate({ partnerId: retired.id, pageId: fixture.page.id });
  await admin.partners.setActive.mutate({ partnerId: retired.id, active: false });
  await admin.partners.tokens.create.mutate({ grantId: fixture.grantId, name: 'Status poller' });
  const expired = await admin.partners.tokens.create.mutate({
    grantId: fixture.grantId,
    name: 'Incident bot',
    expiresInDays: 1,
  });
  await stack.db
    .updateTable('partner_access_token')
    .set({ expires_at: new Date(Date.now() - 3_600_000) })
    .where('id', '=', expired.accessToken.id)
    .execute();
  await stack.db
    .updateTable('partner_access_token')
    .set({ use_count: 18_244, last_used_at: new Date(Date.now() - 90_000) })
    .where('id', '=', fixture.tokenId)
    .execute();

  const link = await storeSignInLink(fixture);
  await exchangeSignInLink(
    { db: stack.db, clock: systemClock },
    {
      slug: fixture.page.slug,
      linkTokenHash: hashToken(link),
      sessionTokenHash: hashToken(`pfps_${crypto.randomUUID()}`),
      previousSessionTokenHash: null,
      ip: '203.0.113.24',
      userAgent:
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      path: `/${fixture.page.slug}/partner/sign-in/confirm`,
    },
  );
  const base = { pageId: fixture.page.id, path: `/${fixture.page.slug}/api/v2/summary.json` };
  await recordPartnerAudit(stack.db, [
    {
      ...base,
      action: 'page.accessed',
      outcome: 'allowed',
      partnerId: fixture.partner.id,
      credentialKind: 'token',
      credentialId: fixture.tokenId,
      ip: '198.51.100.12',
      userAgent: 'Grafana/11.3.0',
    },
    {
      ...base,
      action: 'access.denied',
      outcome: 'denied',
      reason: 'invalid_credential',
      credentialKind: 'token',
      ip: '192.0.2.77',
      userAgent: 'curl/8.5.0',
    },
    {
      ...base,
      action: 'access.denied',
      outcome: 'denied',
      reason: 'expired',
      partnerId: fixture.partner.id,
      credentialKind: 'token',
      credentialId: expired.accessToken.id,
      ip: '198.51.100.12',
      userAgent: 'python-requests/2.32.3',
    },
    {
      action: 'sign_in.link_requested',
      outcome: 'denied',
      reason: 'partner_deactivated',
      partnerId: retired.id,
      pageId: fixture.page.id,
      ip: '203.0.113.80',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
      path: `/${fixture.page.slug}/partner/sign-in`,
    },
  ]);
}
