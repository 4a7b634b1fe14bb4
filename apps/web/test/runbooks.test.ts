import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type HttpsPeer,
  startHttpsPeer,
} from '../../../packages/sandbox/test/support/https-peer.ts';
import type { RunnerSupervisor } from '../../runbook-runner/src/index.ts';
import {
  createApprovedRunbook,
  openIncident,
  RUNBOOK_TEST_ENV,
  type RunbookFixture,
  runManually,
  seedRunbookFixture,
  startRunnerProcess,
  waitForExecution,
} from '../../server/test/runbooks-fixture.ts';
import {
  eventually,
  sessionCookie,
  startTestStack,
  type TestStack,
} from '../../server/test/support/stack.ts';
import {
  DESKTOP,
  launchBrowser,
  newConsoleContext,
  PHONE,
  saveScreenshot,
} from './support/browser.ts';

const RUNBOOK_NAME = 'Restart checkout pods';

const SCHEMA = {
  type: 'object',
  properties: {
    deployment: {
      type: 'string',
      title: 'Deployment',
      enum: ['checkout', 'payments'],
      default: 'checkout',
    },
    replicas: {
      type: 'integer',
      title: 'Replicas',
      description: 'Pods to run after the restart.',
      minimum: 1,
      maximum: 20,
      default: 2,
    },
    drain: { type: 'boolean', title: 'Drain connections first', default: true },
  },
  required: ['deployment', 'replicas'],
  additionalProperties: false,
};

/**
 * The script of version 1. It logs, waits about two seconds on the peer's slow route, logs
 * again and returns, so a watcher can see the first line arrive before the second. In a dry
 * run the loopback peer is out of reach, which the script logs as a warning.
 */
function scriptFor(peer: HttpsPeer): string {
  return [
    "log.info('Restarting', input.parameters.deployment, 'with', input.parameters.replicas, 'replicas');",
    'try {',
    `  const response = await fetch('${peer.origin}/slow');`,
    "  log.info('Peer answered', response.status);",
    '} catch (error) {',
    "  log.warn('Peer not reached:', error.message);",
    '}',
    'return { deployment: input.parameters.deployment, replicas: input.parameters.replicas };',
  ].join('\n');
}

// The runbook screens against a real server, worker and runner, driven in Debian's
// Chromium. The tests run in order: a team admin writes a runbook and a second version,
// dry-runs the draft, a second platform admin approves it, and a responder runs it from an
// incident and watches it live.
describe('runbook console', () => {
  let stack: TestStack;
  let runner: RunnerSupervisor;
  let peer: HttpsPeer;
  let fixture: RunbookFixture;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let runbookId: string;
  let incidentId: string;
  let lastPage: Page | undefined;
  let webDistDir: string | undefined;
  // A failed test leaves a picture of the page it ended on, next to the review screenshots.
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && lastPage) {
      await saveScreenshot(lastPage, `runbooks-failed-${context.task.name.replaceAll(' ', '-')}`);
    }
  });

  /** Opens a browser profile signed in as the user, through a session cookie. */
  async function pageAs(
    userId: string,
    viewport = DESKTOP,
    colorScheme: 'light' | 'dark' = 'light',
  ): Promise<Page> {
    const context = await newConsoleContext(browser, stack.server.url, viewport, colorScheme);
    contexts.push(context);
    context.on('page', (opened) => {
      lastPage = opened;
    });
    const [name, value] = (await sessionCookie(stack.db, userId)).split('=') as [string, string];
    await context.addCookies([{ name, value, url: stack.server.url }]);
    return context.newPage();
  }

  async function versionsOf(id: string) {
    return stack.db
      .selectFrom('runbook_version')
      .select(['version', 'status', 'script', 'timeout_seconds', 'change_note'])
      .where('runbook_id', '=', id)
      .orderBy('version')
      .execute();
  }

  beforeAll(async () => {
    // A private copy of the build, because another test run rebuilding the shared folder
    // would otherwise remove the console from under this one mid-run.
    webDistDir = await mkdtemp(join(tmpdir(), 'pagefree-web-'));
    await cp(inject('webDistDir'), webDistDir, { recursive: true });
    stack = await startTestStack({ env: RUNBOOK_TEST_ENV, webDistDir });
    peer = await startHttpsPeer();
    peer.route('/slow', (_request, response) => {
      setTimeout(() => response.writeHead(200).end('ok'), 2_000);
    });
    runner = await startRunnerProcess(stack, { trustedCertificate: peer.certificate });
    fixture = await seedRunbookFixture(stack);
    incidentId = await openIncident(stack, fixture, 'Checkout pods crash-looping');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await runner?.stop();
    await peer?.close();
    await stack?.close();
    if (webDistDir) await rm(webDistDir, { recursive: true, force: true });
  });

  it('author saves two versions', async () => {
    const page = await pageAs(fixture.teamAdmin.id);
    await page.goto('/runbooks');
    await page.getByText('No runbooks yet.').waitFor();
    await page.getByRole('link', { name: 'New runbook' }).click();

    await page.getByLabel('Name', { exact: true }).fill(RUNBOOK_NAME);
    await page.getByLabel('Description').fill('Rolling restart of a Kubernetes deployment.');
    await page.getByLabel('Time limit (seconds)').fill('20');
    // Typed as one insertion, as a paste would be, so the editor adds no indentation.
    await page.getByRole('textbox', { name: 'Script (JavaScript)' }).click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText(scriptFor(peer));
    await page.getByLabel('Parameters (JSON Schema)').fill(JSON.stringify(SCHEMA, null, 2));
    await page.getByLabel('Allowed hosts').fill(peer.hostEntry);
    await page.getByLabel('Private network hosts').fill(peer.hostEntry);
    await page.getByLabel('Change note').fill('First version');
    await page
      .getByRole('group', { name: /Run form preview/ })
      .getByLabel('Replicas')
      .waitFor();
    await page.getByRole('button', { name: 'Create draft' }).click();

    await page.getByRole('heading', { name: RUNBOOK_NAME, level: 1 }).waitFor();
    runbookId = new URL(page.url()).pathname.split('/')[2]!;
    await page.getByRole('heading', { name: /Version 1/ }).waitFor();
    const script = page.getByRole('textbox', { name: 'Script (JavaScript)' });
    await script.press('ControlOrMeta+End');
    await script.pressSequentially('\n// Replicas are capped at 20 by the schema.');
    await page.getByLabel('Change note').fill('Explain the replica cap');
    await page.getByRole('button', { name: 'Save as draft v2' }).click();

    await page.getByText('Saved version 2 as a draft.').waitFor();
    const versions = await versionsOf(runbookId);
    expect(versions.map((version) => [version.version, version.status])).toEqual([
      [1, 'DRAFT'],
      [2, 'DRAFT'],
    ]);
    expect(versions[0]?.timeout_seconds).toBe(20);
    expect(versions[1]?.change_note).toBe('Explain the replica cap');
    expect(versions[1]?.script).toBe(
      `${scriptFor(peer)}\n// Replicas are capped at 20 by the schema.`,
    );
  });

  it('diff shows the added line', async () => {
    const page = await pageAs(fixture.teamAdmin.id);
    await page.goto(`/runbooks/${runbookId}/versions`);

    const added = page.locator('.diff-add').filter({ hasText: 'Replicas are capped at 20' });
    await added.first().waitFor();
    expect(await page.getByLabel('From', { exact: true }).inputValue()).not.toBe(
      await page.getByLabel('To', { exact: true }).inputValue(),
    );
    await page.getByLabel('Side by side').click();
    await page.locator('.diff-split .diff-add').first().waitFor();
    expect(await page.locator('.diff-split .diff-add').count()).toBeGreaterThan(0);
    expect(new URL(page.url()).searchParams.get('layout')).toBe('split');
  });

  it('invalid schema is marked before saving', async () => {
    const page = await pageAs(fixture.teamAdmin.id);
    await page.goto(`/runbooks/${runbookId}`);

    const schema = page.getByLabel('Parameters (JSON Schema)');
    await schema.fill('{"type": "array"}');

    await page.getByText('The schema must have "type": "object" at its root.').waitFor();
    expect(await schema.getAttribute('aria-invalid')).toBe('true');
    await schema.fill('{"type": "object", "properties": {"a": {"type": "nope"}}}');
    await page.getByRole('button', { name: 'Save as draft v3' }).click();
    await page.getByText(/is not a valid JSON Schema/).waitFor();
    expect(await schema.getAttribute('aria-invalid')).toBe('true');
    expect(await versionsOf(runbookId)).toHaveLength(2);
  });

  it('draft dry run shows its log', async () => {
    const page = await pageAs(fixture.teamAdmin.id);
    await page.goto(`/runbooks/${runbookId}/runs`);

    const form = page.getByRole('form', { name: 'Dry run' });
    await form.getByLabel('Past incident').selectOption(incidentId);
    await form.getByLabel('Replicas (required)').fill('4');
    await form.getByRole('button', { name: 'Dry-run v2' }).click();

    const view = page.locator('.dry-run-result');
    await view.getByText('Succeeded').waitFor({ timeout: 20_000 });
    const log = view.getByRole('log', { name: 'Log lines' });
    await log.getByText('Restarting checkout with 4 replicas').waitFor();
    await log.getByText(/Peer not reached/).waitFor();
    const row = await stack.db
      .selectFrom('runbook_execution')
      .select(['dry_run', 'version', 'status'])
      .where('runbook_id', '=', runbookId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ dry_run: true, version: 2, status: 'SUCCEEDED' });
    await saveScreenshot(page, 'runbooks-dry-run-desktop');
  });

  it('own draft waits for another admin', async () => {
    await fixture.api.admin.runbooks.create.mutate({
      teamId: null,
      name: 'Collect JVM diagnostics',
      script: "log.info('collecting'); return { ok: true };",
    });
    const page = await pageAs(fixture.admin.id);
    await page.goto('/runbooks/approvals');

    const item = page.getByRole('listitem').filter({ hasText: 'Collect JVM diagnostics' });
    await item.getByText(/another platform admin has to approve it/).waitFor();
    expect(await item.getByRole('button', { name: 'Approve v1' }).isDisabled()).toBe(true);
  });

  it('admin approves the draft', async () => {
    const page = await pageAs(fixture.reviewer.id);
    await page.goto('/runbooks/approvals');

    const item = page.getByRole('listitem').filter({ hasText: RUNBOOK_NAME });
    await item.getByText('“Explain the replica cap”').waitFor();
    await item.getByRole('button', { name: 'Approve v2' }).click();
    const dialog = page.getByRole('dialog', { name: `Approve version 2 of ${RUNBOOK_NAME}?` });
    await dialog.waitFor();
    await saveScreenshot(page, 'runbooks-approve-dialog-desktop');
    await dialog.getByRole('button', { name: 'Approve version 2' }).click();

    await page.getByText(`Version 2 of ${RUNBOOK_NAME} is approved and runs now.`).waitFor();
    const versions = await versionsOf(runbookId);
    expect(versions.map((version) => version.status)).toEqual(['DRAFT', 'APPROVED']);
    expect(await dialog.isVisible()).toBe(false);
  });

  it('responder runs it and watches live', async () => {
    const page = await pageAs(fixture.responders[0]!.id);
    await page.goto(`/incidents/${incidentId}`);

    const section = page.getByRole('region', { name: 'Runbooks' });
    await section.getByRole('button', { name: 'Run runbook' }).click();
    await section
      .getByLabel('Runbook', { exact: true })
      .selectOption({ label: `${RUNBOOK_NAME} (v2)` });
    const form = section.getByRole('form', { name: `Parameters of ${RUNBOOK_NAME}` });
    expect(await form.getByLabel('Deployment (required)').inputValue()).toBe('0');
    expect(await form.getByLabel('Drain connections first').isChecked()).toBe(true);
    await form.getByLabel('Deployment (required)').selectOption({ label: 'payments' });
    await form.getByLabel('Replicas (required)').fill('3');
    await form.getByRole('button', { name: 'Review run' }).click();

    const confirmation = section.getByRole('region', {
      name: /Run Restart checkout pods version 2 on incident #\d+\?/,
    });
    await confirmation.waitFor();
    const shown = JSON.parse((await confirmation.locator('pre').textContent()) ?? '{}');
    expect(shown).toEqual({ deployment: 'payments', replicas: 3, drain: true });
    await saveScreenshot(page, 'runbooks-run-confirmation-desktop');
    await confirmation.getByRole('button', { name: 'Run version 2' }).click();

    const log = section.getByRole('log', { name: 'Log lines' });
    await log.getByText('Restarting payments with 3 replicas').waitFor({ timeout: 20_000 });
    // The peer delays its response by two seconds, so the second line is still to come.
    expect(await log.getByText('Peer answered 200').count()).toBe(0);
    await section.locator('.execution .badge').filter({ hasText: 'Running' }).waitFor();
    await log.getByText('Peer answered 200').waitFor();
    await section.locator('.execution .badge').filter({ hasText: 'Succeeded' }).waitFor();
    const result = section.locator('.execution pre').first();
    expect(JSON.parse((await result.textContent()) ?? '')).toEqual({
      deployment: 'payments',
      replicas: 3,
    });
    await section.getByRole('table', { name: 'Runbook runs on this incident' }).waitFor();
    await saveScreenshot(page, 'runbooks-incident-run-desktop');

    const row = await stack.db
      .selectFrom('runbook_execution')
      .select(['status', 'version', 'parameters', 'triggered_by'])
      .where('runbook_id', '=', runbookId)
      .where('dry_run', '=', false)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      status: 'SUCCEEDED',
      version: 2,
      parameters: { deployment: 'payments', replicas: 3, drain: true },
      triggered_by: fixture.responders[0]!.id,
    });
  });

  it('fractional replicas mark the field', async () => {
    const page = await pageAs(fixture.responders[0]!.id);
    await page.goto(`/incidents/${incidentId}`);
    const section = page.getByRole('region', { name: 'Runbooks' });
    await section.getByRole('button', { name: 'Run runbook' }).click();
    await section
      .getByLabel('Runbook', { exact: true })
      .selectOption({ label: `${RUNBOOK_NAME} (v2)` });

    const replicas = section.getByLabel('Replicas (required)');
    await replicas.fill('2.5');
    await section.getByRole('button', { name: 'Review run' }).click();

    await section.getByText('Replicas must be a whole number.').waitFor();
    expect(await replicas.getAttribute('aria-invalid')).toBe('true');
  });

  it('observer cannot start a run', async () => {
    const page = await pageAs(fixture.observer.id);
    await page.goto(`/incidents/${incidentId}`);

    const section = page.getByRole('region', { name: 'Runbooks' });
    await section.getByRole('table', { name: 'Runbook runs on this incident' }).waitFor();
    expect(await section.getByRole('button', { name: 'Run runbook' }).count()).toBe(0);
  });

  it('rule created, turned off, deleted', async () => {
    const page = await pageAs(fixture.teamAdmin.id);
    await page.goto('/runbooks/rules');
    await page.getByText('Automatic runs are on.').waitFor();
    await page.getByRole('button', { name: 'New rule' }).click();

    const form = page.getByRole('form', { name: 'New rule' });
    await form.getByLabel('Name').fill('Restart on P1');
    await form.getByLabel('Service').selectOption(fixture.serviceId);
    await form.getByLabel('Runbook').selectOption(runbookId);
    await form.getByLabel('P1').check();
    await form.getByLabel('Labels').fill('severity=critical');
    await form.getByLabel('Replicas (required)').fill('6');
    await form.getByRole('button', { name: 'Create rule' }).click();

    await page.getByText('Rule Restart on P1 created.').waitFor();
    const rule = await stack.db
      .selectFrom('runbook_rule')
      .select(['id', 'priorities', 'labels', 'parameters', 'enabled'])
      .where('runbook_id', '=', runbookId)
      .executeTakeFirstOrThrow();
    expect(rule).toMatchObject({
      priorities: ['P1'],
      labels: { severity: 'critical' },
      parameters: { deployment: 'checkout', replicas: 6, drain: true },
      enabled: true,
    });
    const item = page.getByRole('listitem').filter({ hasText: 'Restart on P1' });
    await item.getByText(/opens with priority P1 and labels severity=critical/).waitFor();
    await saveScreenshot(page, 'runbooks-rule-created-desktop');

    await item.getByRole('button', { name: 'Turn off' }).click();
    await page.getByText('Rule Restart on P1 is off.').waitFor();
    await item.getByRole('button', { name: 'Delete' }).click();
    await item.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Rule Restart on P1 deleted.').waitFor();
    expect(
      await stack.db.selectFrom('runbook_rule').select('id').where('id', '=', rule.id).execute(),
    ).toEqual([]);
  });

  it('secret value is never shown', async () => {
    const value = 'kube-token-8d2f61c0a4';
    const page = await pageAs(fixture.teamAdmin.id);
    await page.goto(`/runbooks/${runbookId}`);
    await page.getByLabel('Secret names').fill('KUBE_TOKEN');

    await page.getByRole('button', { name: 'Set KUBE_TOKEN' }).click();
    await page.getByLabel('New value of KUBE_TOKEN').fill(value);
    await page.getByRole('button', { name: 'Save value' }).click();

    await page.getByText('Value of KUBE_TOKEN saved.').waitFor();
    await page.getByRole('button', { name: 'Replace KUBE_TOKEN' }).waitFor();
    expect(await page.content()).not.toContain(value);
    const stored = await stack.db
      .selectFrom('runbook_secret')
      .select(['name', 'ciphertext'])
      .where('runbook_id', '=', runbookId)
      .execute();
    expect(stored.map((secret) => secret.name)).toEqual(['KUBE_TOKEN']);
  });

  it('admin re-runs a dead letter', async () => {
    const closed = await startHttpsPeer();
    await closed.close();
    const { runbookId: failing } = await createApprovedRunbook(fixture, {
      name: 'Flush checkout cache',
      script: `log.info('attempt', input.execution.attempt); await fetch('${closed.origin}/');`,
      allowedHosts: [closed.hostEntry],
      privateNetworkHosts: [closed.hostEntry],
    });
    const dead = await runManually(fixture, incidentId, failing);
    await waitForExecution(stack.db, dead.id);
    const page = await pageAs(fixture.reviewer.id);
    await page.goto('/runbooks/dead-letters');

    const item = page.getByRole('listitem').filter({ hasText: 'Flush checkout cache' });
    await item.getByText('network_error').waitFor();
    await saveScreenshot(page, 'runbooks-dead-letters-desktop');
    await item.getByRole('button', { name: 'Re-run' }).click();
    await item.getByRole('button', { name: 'Re-run' }).click();

    await page.getByText('Flush checkout cache v1 is queued again.').waitFor();
    const rerun = await eventually(async () =>
      stack.db
        .selectFrom('runbook_execution')
        .select(['trigger_type', 'rerun_of'])
        .where('rerun_of', '=', dead.id)
        .executeTakeFirst(),
    );
    expect(rerun.trigger_type).toBe('rerun');
  });

  it.each([
    { name: 'desktop', size: DESKTOP, colorScheme: 'light' },
    { name: 'phone', size: PHONE, colorScheme: 'light' },
    { name: 'phone-dark', size: PHONE, colorScheme: 'dark' },
  ] as const)('screens render at $name width', async ({ name, size, colorScheme }) => {
    const execution = await stack.db
      .selectFrom('runbook_execution')
      .select('id')
      .where('runbook_id', '=', runbookId)
      .where('dry_run', '=', false)
      .executeTakeFirstOrThrow();
    const admin = await pageAs(fixture.reviewer.id, size, colorScheme);

    const screens: Array<[string, string, RegExp | string]> = [
      ['/runbooks', 'library', 'Runbooks'],
      [`/runbooks/${runbookId}`, 'editor', RUNBOOK_NAME],
      [
        `/runbooks/${runbookId}/versions?layout=${name === 'desktop' ? 'split' : 'unified'}`,
        'versions',
        RUNBOOK_NAME,
      ],
      [`/runbooks/${runbookId}/runs`, 'runs', RUNBOOK_NAME],
      ['/runbooks/approvals', 'approvals', 'Runbooks'],
      ['/runbooks/rules', 'rules', 'Runbooks'],
      [`/runbooks/executions/${execution.id}`, 'execution', 'Runbook run'],
      [`/incidents/${incidentId}`, 'incident', /Checkout pods crash-looping/],
    ];
    for (const [path, screen, heading] of screens) {
      await admin.goto(path);
      await admin.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await eventually(async () =>
        (await admin.locator('.state-loading').count()) === 0 ? true : undefined,
      );
      if (screen === 'execution') await admin.getByText('Succeeded').first().waitFor();
      await saveScreenshot(admin, `runbooks-${screen}-${name}`);
    }
  });
});
