import { computeSignature } from '@pagefree/core/integrations/signature';
import { rawAlertFixture } from '@pagefree/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPagingFixture } from './support/paging-fixture.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

const BODY = rawAlertFixture('alertmanager-firing.json');

function sign(secret: string, body: string, timestamp: string | null = null): string {
  return computeSignature(secret, new TextEncoder().encode(body), 'hex', timestamp);
}

describe('ingestion refusals', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ withWorker: false, env: { INGEST_MAX_BODY_BYTES: '4096' } });
  });
  afterAll(async () => {
    await stack.close();
  });

  async function auditReasons(): Promise<string[]> {
    const rows = await stack.db
      .selectFrom('audit_event')
      .select('metadata')
      .where('action', '=', 'ingest.rejected')
      .execute();
    return rows.map((row) => String(row.metadata.reason));
  }

  it('unknown integration key is 404', async () => {
    const response = await stack.post('/integrations/no-such-key-000000/alertmanager', BODY);

    expect(response.status).toBe(404);
    expect(response.body.error).toBe('unknown_integration');
    expect(response.body.message).toMatch(/ingestion URL/);
    expect(await auditReasons()).toContain('unknown_integration');
  });

  it('GET of an ingestion URL is 405 and does not echo the key', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const response = await fetch(
      `${stack.server.url}/integrations/${fixture.integration.key}/alertmanager`,
    );
    const text = await response.text();

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(JSON.parse(text).message).toMatch(/sent with POST/);
    expect(text).not.toContain(fixture.integration.key);
  });

  it('unknown format is 404', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const response = await stack.post(`/integrations/${fixture.integration.key}/zabbix`, BODY);

    expect(response.status).toBe(404);
    expect(response.body.error).toBe('unsupported_format');
  });

  it('format other than the integration’s is 400', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const response = await stack.post(`/integrations/${fixture.integration.key}/grafana`, BODY);

    expect(response.status).toBe(400);
    expect(response.body.error).toBe('format_mismatch');
  });

  it('invalid JSON is 400 and recorded as a rejected delivery', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const response = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      '{"status": "firing",',
    );

    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_json');
    const delivery = await stack.db
      .selectFrom('inbound_delivery')
      .select(['outcome', 'error_code', 'http_status'])
      .where('integration_id', '=', fixture.integration.id)
      .executeTakeFirstOrThrow();
    expect(delivery).toEqual({ outcome: 'rejected', error_code: 'invalid_json', http_status: 400 });
    expect(await auditReasons()).toContain('invalid_json');
  });

  it('payload of the wrong shape is 422 naming the field', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const response = await stack.post(`/integrations/${fixture.integration.key}/alertmanager`, {
      status: 'firing',
      alerts: [],
    });

    expect(response.status).toBe(422);
    expect(response.body.error).toBe('invalid_payload');
    expect(response.body.field).toBe('alerts');
  });

  it('oversized body is 413 and stores no alert', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config);
    const huge = JSON.stringify({ ...JSON.parse(BODY), padding: 'x'.repeat(5000) });

    const response = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      huge,
    );

    expect(response.status).toBe(413);
    expect(response.body.error).toBe('payload_too_large');
    expect(response.headers.get('connection')).toBe('close');
    const alerts = await stack.db
      .selectFrom('alert')
      .select('id')
      .where('integration_id', '=', fixture.integration.id)
      .execute();
    expect(alerts).toHaveLength(0);
  });

  it('missing signature is 401', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config, { signatureRequired: true });
    const response = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      BODY,
    );

    expect(response.status).toBe(401);
    expect(response.body.error).toBe('signature_missing');
  });

  it('bad signature is 401', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config, { signatureRequired: true });
    const response = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      BODY,
      {
        'x-pagefree-signature': sign('pfsig_wrong-secret', BODY),
      },
    );

    expect(response.status).toBe(401);
    expect(response.body.error).toBe('signature_invalid');
    expect(await auditReasons()).toContain('signature_invalid');
  });

  it('valid signature is accepted', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config, { signatureRequired: true });
    const response = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      BODY,
      {
        'x-pagefree-signature': `sha256=${sign(fixture.integration.signingSecret, BODY)}`,
      },
    );

    expect(response.status).toBe(202);
  });

  it.each([
    ['older than 5 minutes', -301, 'timestamp_out_of_range', 401],
    ['more than 60 seconds ahead', 61, 'timestamp_out_of_range', 401],
    ['within tolerance', -250, null, 202],
  ])('timestamp %s', async (_label, offsetSeconds, reason, status) => {
    const fixture = await seedPagingFixture(stack.db, stack.config, {
      signatureRequired: true,
      timestampHeader: 'x-pagefree-timestamp',
    });
    const timestamp = String(Math.floor(Date.now() / 1000) + offsetSeconds);

    const response = await stack.post(
      `/integrations/${fixture.integration.key}/alertmanager`,
      BODY,
      {
        'x-pagefree-signature': sign(fixture.integration.signingSecret, BODY, timestamp),
        'x-pagefree-timestamp': timestamp,
      },
    );

    expect(response.status).toBe(status);
    if (reason) expect(response.body.error).toBe(reason);
  });

  it('refusal leaves stored incidents untouched', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config, { signatureRequired: true });
    const url = `/integrations/${fixture.integration.key}/alertmanager`;
    const accepted = await stack.post(url, BODY, {
      'x-pagefree-signature': sign(fixture.integration.signingSecret, BODY),
    });
    const resolvedBody = rawAlertFixture('alertmanager-resolved.json');

    const refused = await stack.post(url, resolvedBody, {
      'x-pagefree-signature': sign('pfsig_forged', resolvedBody),
    });

    expect(refused.status).toBe(401);
    const incident = await stack.db
      .selectFrom('incident')
      .select(['status', 'alert_count'])
      .where('id', '=', accepted.body.incidentId)
      .executeTakeFirstOrThrow();
    expect(incident).toEqual({ status: 'triggered', alert_count: 2 });
  });

  it('events API without routing_key names the field', async () => {
    const response = await stack.post('/v2/enqueue', { event_action: 'trigger' });

    expect(response.status).toBe(422);
    expect(response.body.status).toBe('invalid event');
    expect(response.body.errors[0]).toMatch(/routing_key: is missing/);
  });

  it('events API with a numeric routing_key says it must be a string', async () => {
    const response = await stack.post('/v2/enqueue', { routing_key: 42, event_action: 'trigger' });

    expect(response.status).toBe(422);
    expect(response.body.errors[0]).toMatch(/routing_key: must be a string/);
  });
});

describe('payloads that are hard to store', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ withWorker: false });
  });
  afterAll(async () => {
    await stack.close();
  });

  async function genericIntegration() {
    const fixture = await seedPagingFixture(stack.db, stack.config, { format: 'generic' });
    return `/integrations/${fixture.integration.key}/generic`;
  }

  it.each([
    ['a NUL character', '{"title":"disk\\u0000full","extra":"a\\u0000b"}'],
    ['a lone surrogate', '{"title":"lone \\ud800 surrogate"}'],
    ['a prototype key as severity', '{"title":"proto","severity":"constructor"}'],
    [
      'a 10,000-character dedup key',
      JSON.stringify({ title: 'long key', dedup_key: 'k'.repeat(10_000) }),
    ],
  ])('alert with %s is stored', async (_label, body) => {
    const url = await genericIntegration();

    const response = await stack.post(url, body);

    expect(response.status).toBe(202);
    const alert = await stack.db
      .selectFrom('alert')
      .select(['summary', 'dedup_key'])
      .where('id', '=', response.body.alerts[0].alertId)
      .executeTakeFirstOrThrow();
    expect(alert.summary).not.toContain('\u0000');
    expect(alert.dedup_key.length).toBeLessThanOrEqual(255);
  });

  it('deeply nested body is 422 naming the body', async () => {
    const url = await genericIntegration();
    const body = `{"title":"deep","x":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;

    const response = await stack.post(url, body);

    expect(response.status).toBe(422);
    expect(response.body.field).toBe('body');
  });

  it('more than 1000 alerts in one request is 413', async () => {
    const url = await genericIntegration();
    const body = Array.from({ length: 1001 }, (_, index) => ({
      title: `alert ${index}`,
      dedup_key: `k${index}`,
    }));

    const response = await stack.post(url, body);

    expect(response.status).toBe(413);
    expect(response.body.error).toBe('too_many_alerts');
  });

  it('opposite key orders in concurrent deliveries do not deadlock', async () => {
    const url = await genericIntegration();
    const forward = [
      { title: 'A', dedup_key: 'a' },
      { title: 'B', dedup_key: 'b' },
    ];
    const backward = [...forward].reverse();

    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, index) => stack.post(url, index % 2 ? forward : backward)),
    );

    expect(responses.map((response) => response.status)).toEqual(Array(40).fill(202));
  });

  it('one thousand repeats of one key count as one incident', async () => {
    const url = await genericIntegration();
    const body = Array.from({ length: 1000 }, () => ({ title: 'flapping', dedup_key: 'same' }));

    const response = await stack.post(url, body);

    expect(response.status).toBe(202);
    const incident = await stack.db
      .selectFrom('incident')
      .select('alert_count')
      .where('id', '=', response.body.incidentId)
      .executeTakeFirstOrThrow();
    expect(incident.alert_count).toBe(1000);
    expect(
      new Set(response.body.alerts.map((alert: { incidentId: string }) => alert.incidentId)).size,
    ).toBe(1);
  });
});
