import { loadAlertFixture } from '@pagefree/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PagingFixture, seedPagingFixture } from './support/paging-fixture.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

// Every sample payload, posted through the real HTTP endpoint into real PostgreSQL, with
// the behaviour each tool's documentation describes.
describe('ingestion of real payloads', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ withWorker: false });
  });
  afterAll(async () => {
    await stack.close();
  });

  async function fixtureFor(format: PagingFixture['integration']['format'], routingKey?: string) {
    return seedPagingFixture(stack.db, stack.config, { format, ...(routingKey && { routingKey }) });
  }

  async function incidentOf(id: string) {
    return stack.db
      .selectFrom('incident')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  }

  it('alertmanager group opens one incident with both alerts', async () => {
    const fixture = await fixtureFor('alertmanager');
    const payload = loadAlertFixture('alertmanager-firing.json');

    const response = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      payload,
    );

    expect(response.status).toBe(202);
    expect(response.body.dedupKey).toBe(payload.groupKey);
    const incident = await incidentOf(response.body.incidentId);
    expect(incident.title).toBe('checkout-api 5xx ratio above 5% for 10 minutes');
    expect(incident.severity).toBe('critical');
    expect(incident.priority).toBe('P1');
    expect(incident.alert_count).toBe(2);
    expect(incident.status).toBe('triggered');
    expect(incident.links.map((link) => link.href)).toContain(
      'https://wiki.example.com/runbooks/checkout-api-5xx',
    );
    const alerts = await stack.db
      .selectFrom('alert')
      .select('id')
      .where('incident_id', '=', incident.id)
      .execute();
    expect(alerts).toHaveLength(2);
  });

  it('alertmanager resolved group resolves the incident', async () => {
    const fixture = await fixtureFor('alertmanager');
    const url = `/integrations/${fixture.integration.key}/alertmanager`;
    const opened = await stack.post(url, loadAlertFixture('alertmanager-firing.json'));

    const resolved = await stack.post(url, loadAlertFixture('alertmanager-resolved.json'));

    expect(resolved.status).toBe(202);
    expect(resolved.body.incidentId).toBe(opened.body.incidentId);
    const incident = await incidentOf(opened.body.incidentId);
    expect(incident.status).toBe('resolved');
    expect(incident.next_escalation_at).toBeNull();
  });

  it('alertmanager service label routes to that service of the team', async () => {
    const fixture = await fixtureFor('alertmanager', 'checkout-api');

    const response = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      loadAlertFixture('alertmanager-firing.json'),
    );

    const incident = await incidentOf(response.body.incidentId);
    expect(incident.service_id).toBe(fixture.serviceId);
  });

  it('grafana group opens one incident with its links', async () => {
    const fixture = await fixtureFor('grafana');
    const payload = loadAlertFixture('grafana-firing.json');

    const response = await stack.post(`/integrations/${fixture.integration.key}/grafana`, payload);

    expect(response.status).toBe(202);
    expect(response.body.dedupKey).toBe(payload.groupKey);
    const incident = await incidentOf(response.body.incidentId);
    expect(incident.title).toBe('orders-db replica disk almost full');
    expect(incident.severity).toBe('warning');
    const hrefs = incident.links.map((link) => link.href);
    expect(hrefs).toContain('https://grafana.example.com/d/storage01?orgId=1');
    expect(hrefs).toContain('https://grafana.example.com/d/storage01?orgId=1&viewPanel=4');
    expect(
      hrefs.some((href) => href.startsWith('https://grafana.example.com/alerting/silence/new')),
    ).toBe(true);
  });

  it('pagerduty trigger, second trigger, acknowledge and resolve follow dedup_key', async () => {
    const fixture = await fixtureFor('pagerduty');
    const withKey = (name: string) => ({
      ...loadAlertFixture(name),
      routing_key: fixture.integration.key,
    });

    const first = await stack.post('/v2/enqueue', withKey('pagerduty-events-v2-trigger.json'));
    const second = await stack.post('/v2/enqueue', withKey('pagerduty-events-v2-trigger.json'));

    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: 'success', dedup_key: 'search-indexer/queue-lag' });
    expect(second.body.incident_id).toBe(first.body.incident_id);
    let incident = await incidentOf(first.body.incident_id);
    expect(incident.alert_count).toBe(2);
    expect(incident.severity).toBe('error');
    const alert = await stack.db
      .selectFrom('alert')
      .select('payload')
      .where('incident_id', '=', incident.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(alert.payload)).toContain('index-updates');

    const ack = await stack.post('/v2/enqueue', withKey('pagerduty-events-v2-acknowledge.json'));
    expect(ack.status).toBe(202);
    incident = await incidentOf(first.body.incident_id);
    expect(incident.status).toBe('acknowledged');

    const resolve = await stack.post(
      `/integrations/${fixture.integration.key}/pagerduty`,
      withKey('pagerduty-events-v2-resolve.json'),
    );
    expect(resolve.status).toBe(202);
    incident = await incidentOf(first.body.incident_id);
    expect(incident.status).toBe('resolved');
  });

  it('datadog trigger opens and recovered transition resolves', async () => {
    const fixture = await fixtureFor('datadog');
    const url = `/integrations/${fixture.integration.key}/datadog`;
    const payload = loadAlertFixture('datadog-webhook.json');

    const opened = await stack.post(url, payload);

    expect(opened.status).toBe(202);
    expect(opened.body.dedupKey).toBe('9f2b61c0a7de4c35');
    let incident = await incidentOf(opened.body.incidentId);
    expect(incident.priority).toBe('P2');
    expect(incident.status).toBe('triggered');

    const recovered = await stack.post(url, {
      ...payload,
      alert_transition: 'Recovered',
      title: '[Recovered on {host:web-07}] Payment latency p95 above 800ms',
    });
    expect(recovered.status).toBe(202);
    incident = await incidentOf(opened.body.incidentId);
    expect(incident.status).toBe('resolved');
  });

  it('new relic issue opens and closed state resolves', async () => {
    const fixture = await fixtureFor('newrelic');
    const url = `/integrations/${fixture.integration.key}/newrelic`;
    const payload = loadAlertFixture('newrelic-workflow.json');

    const opened = await stack.post(url, payload);

    expect(opened.status).toBe(202);
    expect(opened.body.dedupKey).toBe(payload.id);
    let incident = await incidentOf(opened.body.incidentId);
    expect(incident.priority).toBe('P1');
    expect(incident.title).toBe('Apdex below 0.7 for inventory-service');

    await stack.post(url, { ...payload, state: 'CLOSED' });
    incident = await incidentOf(opened.body.incidentId);
    expect(incident.status).toBe('resolved');
  });

  it('alert after resolve opens a new incident', async () => {
    const fixture = await fixtureFor('alertmanager');
    const url = `/integrations/${fixture.integration.key}/alertmanager`;
    const first = await stack.post(url, loadAlertFixture('alertmanager-firing.json'));
    await stack.post(url, loadAlertFixture('alertmanager-resolved.json'));

    const again = await stack.post(url, loadAlertFixture('alertmanager-firing.json'));

    expect(again.body.incidentId).not.toBe(first.body.incidentId);
    expect((await incidentOf(again.body.incidentId)).status).toBe('triggered');
  });

  it('new incident records when escalation is due', async () => {
    const fixture = await fixtureFor('alertmanager');

    const response = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      loadAlertFixture('alertmanager-firing.json'),
    );

    const incident = await incidentOf(response.body.incidentId);
    expect(incident.escalation_policy_id).toBe(fixture.policyId);
    expect(incident.next_escalation_at).not.toBeNull();
    const events = await stack.db
      .selectFrom('incident_event')
      .select('type')
      .where('incident_id', '=', incident.id)
      .execute();
    expect(events.map((event) => event.type)).toEqual(['triggered']);
  });

  it('repeated alerts draw no incident numbers', async () => {
    const fixture = await fixtureFor('alertmanager');
    const url = `/integrations/${fixture.integration.key}/alertmanager`;
    const payload = loadAlertFixture('alertmanager-firing.json');

    const first = await stack.post(url, payload);
    await stack.post(url, payload);
    const next = await stack.post(url, { ...payload, groupKey: 'another-group' });

    const numbers = await stack.db
      .selectFrom('incident')
      .select(['id', 'number'])
      .where('id', 'in', [first.body.incidentId, next.body.incidentId])
      .execute();
    const byId = new Map(numbers.map((row) => [row.id, Number(row.number)]));
    expect(byId.get(next.body.incidentId)! - byId.get(first.body.incidentId)!).toBe(1);
  });
});
