import { loadAlertFixture } from '@pagefree/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PagingFixture, seedPagingFixture } from './support/paging-fixture.ts';
import {
  componentStatus,
  fetchText,
  type StatusStack,
  signedInClient,
  startStatusStack,
  waitForSummary,
} from './support/status-fixture.ts';

/** Builds an Alertmanager group with its own dedup key and severity (critical is P1, error is P2). */
function alertGroup(name: string, severity: 'critical' | 'error') {
  const payload = loadAlertFixture('alertmanager-firing.json');
  payload.groupKey = `{}:{alertname="${name}"}`;
  payload.commonLabels.severity = severity;
  payload.commonLabels.alertname = name;
  payload.commonAnnotations.summary = `${name} on the internal-only payments cluster`;
  for (const alert of payload.alerts) {
    alert.labels.severity = severity;
    alert.labels.alertname = name;
  }
  return payload;
}

describe('status page follows internal incidents', () => {
  let stack: StatusStack;
  let fixture: PagingFixture;
  let client: Awaited<ReturnType<typeof signedInClient>>;
  const slug = `acme-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    stack = await startStatusStack();
    fixture = await seedPagingFixture(stack.db, stack.config);
    client = await signedInClient(stack, fixture.admin.id);
    const page = await client.statusPages.create.mutate({
      teamId: fixture.teamId,
      slug,
      name: 'Acme Cloud',
    });
    await client.statusPages.components.create.mutate({
      pageId: page.id,
      name: 'Payments',
      serviceIds: [fixture.serviceId],
    });
    await client.statusPages.components.create.mutate({ pageId: page.id, name: 'Website' });
    await waitForSummary(stack.statusUrl, slug, (s) => s.components.length === 2, 'components');
  });
  afterAll(async () => {
    await stack.close();
  });

  async function expectStatus(payments: string, indicator: string) {
    const summary = await waitForSummary(
      stack.statusUrl,
      slug,
      (s) => componentStatus(s, 'Payments') === payments && s.status.indicator === indicator,
      `Payments ${payments} with indicator ${indicator}`,
    );
    expect(componentStatus(summary, 'Website')).toBe('operational');
    return summary;
  }

  it('status follows incidents from open to resolved', async () => {
    await expectStatus('operational', 'none');

    const first = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      alertGroup('CheckoutErrors', 'critical'),
    );
    expect(first.status).toBe(202);
    await expectStatus('major_outage', 'critical');

    await client.incidents.acknowledge.mutate({ incidentId: first.body.incidentId });
    await expectStatus('major_outage', 'critical');

    await client.incidents.changePriority.mutate({
      incidentId: first.body.incidentId,
      priority: 'P3',
    });
    await expectStatus('degraded_performance', 'minor');

    const second = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      alertGroup('LedgerLag', 'error'),
    );
    expect(second.body.incidentId).not.toBe(first.body.incidentId);
    await expectStatus('partial_outage', 'major');

    await client.incidents.resolve.mutate({ incidentId: first.body.incidentId });
    await expectStatus('partial_outage', 'major');

    await client.incidents.resolve.mutate({ incidentId: second.body.incidentId });
    const final = await expectStatus('operational', 'none');
    expect(final.status.description).toBe('All Systems Operational');
  });

  it('page shows status as text', async () => {
    await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      alertGroup('TextLabel', 'critical'),
    );
    await expectStatus('major_outage', 'critical');

    const page = await fetchText(`${stack.statusUrl}/${slug}`);

    expect(page.status).toBe(200);
    expect(page.body).toContain('Major System Outage');
    expect(page.body).toMatch(
      /Payments<\/span><span class="status status--major_outage">.*Major outage/,
    );
  });

  it('internal names never reach the page', async () => {
    const pages = await Promise.all([
      fetchText(`${stack.statusUrl}/${slug}`),
      fetchText(`${stack.statusUrl}/${slug}/api/v2/summary.json`),
      fetchText(`${stack.statusUrl}/${slug}/api/v2/incidents.json`),
      fetchText(`${stack.statusUrl}/${slug}/history.atom`),
    ]);

    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.body).not.toContain('internal-only');
      expect(page.body).not.toContain(fixture.routingKey);
      expect(page.body).not.toContain('CheckoutErrors');
    }
  });
});
