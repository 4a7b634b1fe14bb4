import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FieldMapping, IntegrationFormat } from '@pagefree/db';
import { ALERT_FIXTURE_DIR } from '@pagefree/testing';
import { describe, expect, it } from 'vitest';
import { parseAlerts } from '../src/ingestion/formats/index.ts';
import type { NormalizedAlert } from '../src/ingestion/normalized-alert.ts';
import { PayloadFormatError } from '../src/ingestion/normalized-alert.ts';

const FIXTURE_DIR = ALERT_FIXTURE_DIR;

const FORMAT_BY_FIXTURE: Record<string, IntegrationFormat> = {
  'alertmanager-firing.json': 'alertmanager',
  'alertmanager-resolved.json': 'alertmanager',
  'grafana-firing.json': 'grafana',
  'pagerduty-events-v2-trigger.json': 'pagerduty',
  'pagerduty-events-v2-acknowledge.json': 'pagerduty',
  'pagerduty-events-v2-resolve.json': 'pagerduty',
  'datadog-webhook.json': 'datadog',
  'newrelic-workflow.json': 'newrelic',
};

function loadFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(FIXTURE_DIR, name), 'utf8')) as Record<string, unknown>;
}

function parseFixture(name: string): NormalizedAlert[] {
  const format = FORMAT_BY_FIXTURE[name];
  if (format === undefined) {
    throw new Error(`No format listed for fixture ${name}`);
  }
  return parseAlerts(loadFixture(name), { format, fieldMapping: null });
}

function parseOne(
  body: unknown,
  format: IntegrationFormat,
  fieldMapping: FieldMapping | null = null,
): NormalizedAlert {
  const alerts = parseAlerts(body, { format, fieldMapping });
  expect(alerts).toHaveLength(1);
  return alerts[0]!;
}

/** Runs `parse` and returns the PayloadFormatError it throws, failing the test if it throws none. */
function catchFormatError(parse: () => unknown): PayloadFormatError {
  try {
    parse();
  } catch (error) {
    if (error instanceof PayloadFormatError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a PayloadFormatError, but parsing succeeded');
}

describe('fixtures', () => {
  it('every fixture has a format', () => {
    const files = readdirSync(FIXTURE_DIR).filter((file) => file.endsWith('.json'));
    expect(files.sort()).toEqual(Object.keys(FORMAT_BY_FIXTURE).sort());
  });

  it.each(Object.keys(FORMAT_BY_FIXTURE))('%s parses', (name) => {
    const alerts = parseFixture(name);
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) {
      expect(alert.dedupKey).not.toBe('');
      expect(alert.summary).not.toBe('');
    }
  });
});

describe('alertmanager', () => {
  const firing = loadFixture('alertmanager-firing.json');
  const groupKey = firing.groupKey;

  it('group yields one alert per element', () => {
    expect(parseFixture('alertmanager-firing.json')).toHaveLength(2);
  });

  it('group shares dedup key', () => {
    const [first, second] = parseFixture('alertmanager-firing.json');
    expect(first?.dedupKey).toBe(groupKey);
    expect(second?.dedupKey).toBe(groupKey);
  });

  it('firing group triggers', () => {
    const actions = parseFixture('alertmanager-firing.json').map((alert) => alert.action);
    expect(actions).toEqual(['trigger', 'trigger']);
  });

  it('firing group reads fields', () => {
    const [alert] = parseFixture('alertmanager-firing.json');
    expect(alert?.summary).toBe('checkout-api 5xx ratio above 5% for 10 minutes');
    expect(alert?.description).toBe('5xx ratio is 0.0831 on 10.0.3.17:8080');
    expect(alert?.severity).toBe('critical');
    expect(alert?.priority).toBeNull();
    expect(alert?.serviceHint).toBe('checkout-api');
    expect(alert?.source).toBe('10.0.3.17:8080');
  });

  it('firing group keeps links', () => {
    const [alert] = parseFixture('alertmanager-firing.json');
    const links = alert?.links ?? [];
    expect(links).toContainEqual({
      href: 'https://wiki.example.com/runbooks/checkout-api-5xx',
      text: 'Runbook',
    });
    expect(links).toContainEqual({
      href: 'http://prometheus.example.com:9090/graph?g0.expr=job%3Acheckout_5xx_ratio%3Arate5m+%3E+0.05',
      text: 'Source',
    });
    const silence = links.find((link) => link.text === 'Silence');
    expect(silence?.href).toMatch(
      /^http:\/\/alertmanager\.example\.com:9093\/#\/silences\/new\?filter=/,
    );
  });

  it('payload is the alert element', () => {
    const [alert] = parseFixture('alertmanager-firing.json');
    const elements = firing.alerts as unknown[];
    expect(alert?.payload).toEqual(elements[0]);
  });

  it('resolved group resolves same key', () => {
    const alerts = parseFixture('alertmanager-resolved.json');
    expect(alerts.map((alert) => alert.action)).toEqual(['resolve', 'resolve']);
    expect(alerts.map((alert) => alert.dedupKey)).toEqual([groupKey, groupKey]);
  });

  it('resolved alert in firing group triggers', () => {
    const elements = structuredClone(firing.alerts) as Array<Record<string, unknown>>;
    elements[0]!.status = 'resolved';
    const alerts = parseAlerts(
      { ...firing, alerts: elements },
      { format: 'alertmanager', fieldMapping: null },
    );
    expect(alerts[0]?.action).toBe('trigger');
    expect(alerts[0]?.payload).toMatchObject({ status: 'resolved' });
  });

  it('missing groupKey falls back to fingerprint', () => {
    const { groupKey: _groupKey, ...withoutKey } = firing;
    const alerts = parseAlerts(withoutKey, { format: 'alertmanager', fieldMapping: null });
    expect(alerts.map((alert) => alert.dedupKey)).toEqual(['a3f1c0d2e4b59687', '5b7e9a0c1d2f3e44']);
  });

  it('empty alerts rejected', () => {
    const error = catchFormatError(() =>
      parseAlerts({ ...firing, alerts: [] }, { format: 'alertmanager', fieldMapping: null }),
    );
    expect(error.field).toBe('alerts');
    expect(error.message).toBe('alerts: must contain at least one alert');
  });

  it('invalid status rejected', () => {
    const error = catchFormatError(() =>
      parseAlerts({ ...firing, status: 'pending' }, { format: 'alertmanager', fieldMapping: null }),
    );
    expect(error.field).toBe('status');
  });
});

describe('grafana', () => {
  const firing = loadFixture('grafana-firing.json');

  it('firing group reads fields', () => {
    const alert = parseOne(firing, 'grafana');
    expect(alert.dedupKey).toBe(firing.groupKey);
    expect(alert.action).toBe('trigger');
    expect(alert.summary).toBe('orders-db replica disk almost full');
    expect(alert.description).toBe('Volume /var/lib/postgresql is 93% full');
    expect(alert.severity).toBe('warning');
    expect(alert.serviceHint).toBe('orders-db');
    expect(alert.source).toBe('db-replica-2');
  });

  it.each([
    ['Dashboard', 'https://grafana.example.com/d/storage01?orgId=1'],
    ['Panel', 'https://grafana.example.com/d/storage01?orgId=1&viewPanel=4'],
    [
      'Silence',
      'https://grafana.example.com/alerting/silence/new?alertmanager=grafana&matcher=alertname%3DDisk+usage+above+90%25',
    ],
    ['Source', 'https://grafana.example.com/alerting/grafana/bdx81kq2/view?orgId=1'],
  ])('keeps %s link', (text, href) => {
    const alert = parseOne(firing, 'grafana');
    expect(alert.links).toContainEqual({ href, text });
  });

  it('title used without common summary', () => {
    const alert = parseOne({ ...firing, commonAnnotations: {} }, 'grafana');
    expect(alert.summary).toBe(firing.title);
  });

  it('resolved group resolves', () => {
    const alert = parseOne({ ...firing, status: 'resolved' }, 'grafana');
    expect(alert.action).toBe('resolve');
  });

  it('empty alerts rejected', () => {
    const error = catchFormatError(() =>
      parseAlerts({ ...firing, alerts: [] }, { format: 'grafana', fieldMapping: null }),
    );
    expect(error.field).toBe('alerts');
  });
});

describe('pagerduty', () => {
  const trigger = loadFixture('pagerduty-events-v2-trigger.json');

  it('trigger reads fields', () => {
    const alert = parseOne(trigger, 'pagerduty');
    expect(alert.dedupKey).toBe('search-indexer/queue-lag');
    expect(alert.action).toBe('trigger');
    expect(alert.summary).toBe('search-indexer queue lag above 15 minutes');
    expect(alert.severity).toBe('error');
    expect(alert.source).toBe('search-indexer-worker-3');
    expect(alert.serviceHint).toBeNull();
  });

  it('trigger keeps custom_details', () => {
    const alert = parseOne(trigger, 'pagerduty');
    expect(alert.payload).toMatchObject({
      payload: {
        custom_details: { lag_seconds: 934, queue: 'index-updates', consumer_group: 'indexer-v2' },
      },
    });
    expect(alert.description).toContain('lag_seconds: 934');
  });

  it('stored payload omits routing_key', () => {
    const alert = parseOne(trigger, 'pagerduty');
    expect(alert.payload).not.toHaveProperty('routing_key');
  });

  it('trigger keeps links', () => {
    const alert = parseOne(trigger, 'pagerduty');
    expect(alert.links).toEqual([
      { href: 'https://monitoring.example.com/checks/4411', text: 'Example Monitoring' },
    ]);
  });

  it('repeated trigger keeps dedup key', () => {
    const first = parseOne(trigger, 'pagerduty');
    const second = parseOne(trigger, 'pagerduty');
    expect(second.dedupKey).toBe(first.dedupKey);
  });

  it.each([
    ['pagerduty-events-v2-acknowledge.json', 'acknowledge'],
    ['pagerduty-events-v2-resolve.json', 'resolve'],
  ])('%s sets action', (name, action) => {
    const [alert] = parseFixture(name);
    expect(alert?.action).toBe(action);
    expect(alert?.dedupKey).toBe('search-indexer/queue-lag');
  });

  it('trigger without dedup_key gets generated key', () => {
    const { dedup_key: _dedupKey, ...withoutKey } = trigger;
    const alert = parseOne(withoutKey, 'pagerduty');
    expect(alert.dedupKey).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  it('long summary truncated', () => {
    const payload = { ...(trigger.payload as object), summary: 'x'.repeat(2000) };
    const alert = parseOne({ ...trigger, payload }, 'pagerduty');
    expect(alert.summary).toHaveLength(1024);
  });

  it.each([
    [
      'invalid severity',
      { payload: { ...(trigger.payload as object), severity: 'fatal' } },
      'payload.severity',
      'payload.severity: must be one of critical, error, warning, info',
    ],
    [
      'missing summary',
      { payload: { ...(trigger.payload as object), summary: '' } },
      'payload.summary',
      'payload.summary: is required for trigger events',
    ],
    [
      'missing source',
      { payload: { ...(trigger.payload as object), source: undefined } },
      'payload.source',
      'payload.source: is required for trigger events',
    ],
    [
      'missing payload',
      { payload: undefined },
      'payload',
      'payload: must be a JSON object for trigger events',
    ],
    [
      'unknown event_action',
      { event_action: 'escalate' },
      'event_action',
      'event_action: must be one of trigger, acknowledge, resolve',
    ],
    [
      'resolve without dedup_key',
      { event_action: 'resolve', dedup_key: undefined },
      'dedup_key',
      'dedup_key: is required for resolve events',
    ],
    [
      'long dedup_key',
      { dedup_key: 'k'.repeat(256) },
      'dedup_key',
      'dedup_key: must be at most 255 characters, got 256',
    ],
    [
      'links not an array',
      { links: 'https://example.com' },
      'links',
      'links: must be an array of {href, text} objects',
    ],
  ])('%s rejected', (_case, change, field, message) => {
    const error = catchFormatError(() =>
      parseAlerts({ ...trigger, ...change }, { format: 'pagerduty', fieldMapping: null }),
    );
    expect(error.field).toBe(field);
    expect(error.message).toBe(message);
  });

  it('javascript link dropped', () => {
    const body = {
      ...trigger,
      client_url: undefined,
      links: [
        { href: 'javascript:alert(1)', text: 'Click' },
        { href: 'https://status.example.com/', text: 'Status' },
      ],
    };
    const alert = parseOne(body, 'pagerduty');
    expect(alert.links).toEqual([{ href: 'https://status.example.com/', text: 'Status' }]);
  });
});

describe('datadog', () => {
  const webhook = loadFixture('datadog-webhook.json');

  it('webhook reads fields', () => {
    const alert = parseOne(webhook, 'datadog');
    expect(alert.dedupKey).toBe('9f2b61c0a7de4c35');
    expect(alert.action).toBe('trigger');
    expect(alert.priority).toBe('P2');
    expect(alert.severity).toBe('error');
    expect(alert.summary).toBe('Payment latency p95 above 800ms');
    expect(alert.description).toBe(
      'The p95 latency of payment-gateway is 1.24 s on host web-07.\n\n@webhook-pagefree',
    );
    expect(alert.serviceHint).toBe('payment-gateway');
    expect(alert.source).toBe('web-07');
    expect(alert.links).toEqual([
      {
        href: 'https://app.datadoghq.com/event/event?id=7391028374650192837',
        text: 'Datadog event',
      },
    ]);
  });

  it('recovered transition resolves same key', () => {
    const recovered = { ...webhook, alert_transition: 'Recovered' };
    const triggered = parseOne(webhook, 'datadog');
    const resolved = parseOne(recovered, 'datadog');
    expect(resolved.action).toBe('resolve');
    expect(resolved.dedupKey).toBe(triggered.dedupKey);
  });

  it.each(['Triggered', 'Re-Triggered', 'Warn', 'Re-Warn', 'No Data', 'Renotify'])(
    '%s transition triggers',
    (transition) => {
      const alert = parseOne({ ...webhook, alert_transition: transition }, 'datadog');
      expect(alert.action).toBe('trigger');
    },
  );

  it.each([
    ['[Recovered on {host:web-07}] Payment latency', 'Payment latency'],
    ['[Triggered] Payment latency', 'Payment latency'],
    ['[P1] [Re-Warn] Payment latency', 'Payment latency'],
    ['[prod] Payment latency', '[prod] Payment latency'],
  ])('title %s gives summary', (title, summary) => {
    const alert = parseOne({ ...webhook, title }, 'datadog');
    expect(alert.summary).toBe(summary);
  });

  it.each([
    ['P1', 'P1', 'critical'],
    ['p3', 'P3', 'error'],
    ['low', 'P4', 'error'],
    ['normal', null, 'error'],
  ])('priority %s mapped', (value, priority, severity) => {
    const alert = parseOne({ ...webhook, priority: value }, 'datadog');
    expect(alert.priority).toBe(priority);
    expect(alert.severity).toBe(severity);
  });

  it.each([
    ['warning', 'warning'],
    ['info', 'info'],
    ['success', 'info'],
  ])('alert_type %s mapped', (alertType, severity) => {
    const alert = parseOne({ ...webhook, alert_type: alertType }, 'datadog');
    expect(alert.severity).toBe(severity);
  });

  it('dedup key falls back to alert_id', () => {
    const { aggreg_key: _aggregKey, ...withoutKey } = webhook;
    const alert = parseOne(withoutKey, 'datadog');
    expect(alert.dedupKey).toBe('81234567');
  });

  it('service read from alert_scope', () => {
    const alert = parseOne({ ...webhook, tags: 'env:prod' }, 'datadog');
    expect(alert.serviceHint).toBe('payment-gateway');
  });
});

describe('newrelic', () => {
  const issue = loadFixture('newrelic-workflow.json');

  it('workflow reads fields', () => {
    const alert = parseOne(issue, 'newrelic');
    expect(alert.dedupKey).toBe('0f6c3a9e-1b2d-4c5e-8f70-9a1b2c3d4e5f');
    expect(alert.action).toBe('trigger');
    expect(alert.priority).toBe('P1');
    expect(alert.severity).toBe('critical');
    expect(alert.summary).toBe('Apdex below 0.7 for inventory-service');
    expect(alert.serviceHint).toBe('inventory-service');
    expect(alert.links).toEqual([
      {
        href: 'https://one.newrelic.com/alerts-ai/issues/0f6c3a9e-1b2d-4c5e-8f70-9a1b2c3d4e5f',
        text: 'New Relic issue',
      },
    ]);
  });

  it('closed state resolves same key', () => {
    const alert = parseOne({ ...issue, state: 'CLOSED' }, 'newrelic');
    expect(alert.action).toBe('resolve');
    expect(alert.dedupKey).toBe(issue.id);
  });

  it('acknowledged state acknowledges', () => {
    const alert = parseOne({ ...issue, state: 'ACKNOWLEDGED' }, 'newrelic');
    expect(alert.action).toBe('acknowledge');
  });

  it.each([
    ['HIGH', 'P2', 'error'],
    ['MEDIUM', 'P3', 'warning'],
    ['LOW', 'P4', 'info'],
  ])('priority %s mapped', (value, priority, severity) => {
    const alert = parseOne({ ...issue, priority: value }, 'newrelic');
    expect(alert.priority).toBe(priority);
    expect(alert.severity).toBe(severity);
  });

  it('array title uses first element', () => {
    const alert = parseOne({ ...issue, title: ['Apdex low, inventory', 'second'] }, 'newrelic');
    expect(alert.summary).toBe('Apdex low, inventory');
  });

  it('unknown state rejected', () => {
    const error = catchFormatError(() =>
      parseAlerts({ ...issue, state: 'PAUSED' }, { format: 'newrelic', fieldMapping: null }),
    );
    expect(error.field).toBe('state');
  });
});

describe('generic', () => {
  it('default mapping reads fields', () => {
    const body = {
      dedup_key: 'disk/db-1',
      title: 'Disk full on db-1',
      description: 'Volume at 99%',
      severity: 'warn',
      status: 'firing',
      source: 'db-1',
      link: 'https://monitor.example.com/checks/1',
    };
    const alert = parseOne(body, 'generic');
    expect(alert.dedupKey).toBe('disk/db-1');
    expect(alert.action).toBe('trigger');
    expect(alert.summary).toBe('Disk full on db-1');
    expect(alert.description).toBe('Volume at 99%');
    expect(alert.severity).toBe('warning');
    expect(alert.source).toBe('db-1');
    expect(alert.links).toEqual([{ href: 'https://monitor.example.com/checks/1', text: 'Link' }]);
  });

  it('summary used without title', () => {
    const alert = parseOne({ summary: 'Queue backlog' }, 'generic');
    expect(alert.summary).toBe('Queue backlog');
  });

  it('nested paths and arrays read', () => {
    const mapping: FieldMapping = {
      dedupKey: 'check.id',
      title: 'alerts.0.labels.name',
      severity: 'alerts.0.level',
      status: 'check.state',
    };
    const body = {
      check: { id: 4411, state: 'ACK' },
      alerts: [{ labels: { name: 'Queue lag' }, level: 'P1' }],
    };
    const alert = parseOne(body, 'generic', mapping);
    expect(alert.dedupKey).toBe('4411');
    expect(alert.summary).toBe('Queue lag');
    expect(alert.severity).toBe('critical');
    expect(alert.action).toBe('acknowledge');
  });

  it.each([
    ['resolved', 'resolve'],
    ['OK', 'resolve'],
    ['closed', 'resolve'],
    ['recovered', 'resolve'],
    ['acknowledged', 'acknowledge'],
    ['triggered', 'trigger'],
  ])('status %s mapped', (status, action) => {
    const alert = parseOne({ title: 'Disk full', status }, 'generic');
    expect(alert.action).toBe(action);
  });

  it.each([
    ['critical', 'critical'],
    ['page', 'critical'],
    ['P1', 'critical'],
    ['error', 'error'],
    ['high', 'error'],
    ['major', 'error'],
    ['Warning', 'warning'],
    ['warn', 'warning'],
    ['medium', 'warning'],
    ['minor', 'warning'],
    ['info', 'info'],
    ['low', 'info'],
    ['none', 'info'],
    ['bogus', 'error'],
    [undefined, 'error'],
  ])('severity %s mapped', (label, severity) => {
    const alert = parseOne({ title: 'Disk full', severity: label }, 'generic');
    expect(alert.severity).toBe(severity);
  });

  it('custom resolved values used', () => {
    const mapping: FieldMapping = { resolvedValues: ['green'] };
    const alert = parseOne({ title: 'Disk full', status: 'Green' }, 'generic', mapping);
    expect(alert.action).toBe('resolve');
  });

  it('missing dedup key derived from title', () => {
    const first = parseOne({ title: 'Disk full' }, 'generic');
    const second = parseOne({ title: 'Disk full', status: 'resolved' }, 'generic');
    expect(first.dedupKey).toMatch(/^[0-9a-f]{32}$/);
    expect(second.dedupKey).toBe(first.dedupKey);
  });

  it('missing title names configured path', () => {
    const error = catchFormatError(() =>
      parseAlerts({ check: {} }, { format: 'generic', fieldMapping: { title: 'check.name' } }),
    );
    expect(error.field).toBe('check.name');
  });

  it('missing title names default path', () => {
    const error = catchFormatError(() =>
      parseAlerts({ message: 'x' }, { format: 'generic', fieldMapping: null }),
    );
    expect(error.field).toBe('title');
  });

  it('array body yields one alert each', () => {
    const alerts = parseAlerts([{ title: 'First' }, { title: 'Second' }], {
      format: 'generic',
      fieldMapping: null,
    });
    expect(alerts.map((alert) => alert.summary)).toEqual(['First', 'Second']);
  });

  it('array element without title names index', () => {
    const error = catchFormatError(() =>
      parseAlerts([{ title: 'First' }, {}], { format: 'generic', fieldMapping: null }),
    );
    expect(error.field).toBe('1.title');
  });

  it('prototype path not followed', () => {
    const error = catchFormatError(() =>
      parseAlerts({}, { format: 'generic', fieldMapping: { title: 'constructor.name' } }),
    );
    expect(error.field).toBe('constructor.name');
  });

  it('javascript link dropped', () => {
    const alert = parseOne(
      { title: 'Disk full', link: 'javascript:alert(document.cookie)' },
      'generic',
    );
    expect(alert.links).toEqual([]);
  });

  it('long description truncated', () => {
    const alert = parseOne({ title: 'Disk full', description: 'd'.repeat(9000) }, 'generic');
    expect(alert.description).toHaveLength(8192);
  });
});

describe('non-object body', () => {
  it.each<[IntegrationFormat, unknown]>([
    ['alertmanager', 'text'],
    ['grafana', null],
    ['pagerduty', [1, 2]],
    ['datadog', 42],
    ['newrelic', true],
    ['generic', 'text'],
  ])('%s rejects %j', (format, body) => {
    const error = catchFormatError(() => parseAlerts(body, { format, fieldMapping: null }));
    expect(error.field).toBe('body');
  });
});
