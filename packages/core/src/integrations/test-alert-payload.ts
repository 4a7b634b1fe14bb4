import type { FieldMapping, IntegrationFormat } from '@pagefree/db';

export interface TestAlertText {
  /** Unique per test, so each test alert opens its own incident. */
  key: string;
  title: string;
  description: string;
}

/**
 * Builds a firing alert in the integration's own format, shaped like the samples each
 * monitoring tool documents, so a test exercises the same parser as a real alert. The
 * severity is the lowest each format has, which gives the incident a low priority.
 */
export function buildTestAlertPayload(
  format: IntegrationFormat,
  fieldMapping: FieldMapping | null,
  text: TestAlertText,
  now: Date,
): unknown {
  switch (format) {
    case 'alertmanager':
      return alertGroup(text, now);
    case 'grafana':
      return { ...alertGroup(text, now), title: text.title, message: text.description };
    case 'pagerduty':
      return {
        event_action: 'trigger',
        dedup_key: text.key,
        payload: {
          summary: text.title,
          source: 'pagefree-test',
          severity: 'info',
          custom_details: text.description,
        },
      };
    case 'datadog':
      return {
        id: text.key,
        aggreg_key: text.key,
        title: text.title,
        body: text.description,
        alert_type: 'info',
        alert_transition: 'Triggered',
        priority: 'P5',
        hostname: 'pagefree-test',
      };
    case 'newrelic':
      return {
        id: text.key,
        title: text.title,
        state: 'ACTIVATED',
        priority: 'LOW',
        sources: ['pagefree-test'],
      };
    case 'generic':
      return genericAlert(fieldMapping, text);
    default: {
      const unreachable: never = format;
      throw new Error(`Unsupported integration format: ${String(unreachable)}`);
    }
  }
}

function alertGroup(text: TestAlertText, now: Date) {
  const labels = { alertname: 'PageFreeTestAlert', severity: 'info', job: 'pagefree-test' };
  return {
    version: '4',
    status: 'firing',
    receiver: 'pagefree',
    groupKey: text.key,
    groupLabels: { alertname: labels.alertname },
    commonLabels: labels,
    commonAnnotations: { summary: text.title, description: text.description },
    externalURL: '',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations: { summary: text.title, description: text.description },
        startsAt: now.toISOString(),
        fingerprint: text.key,
      },
    ],
  };
}

/** Places each value at the path the integration's field mapping reads it from. */
function genericAlert(fieldMapping: FieldMapping | null, text: TestAlertText) {
  const mapping = fieldMapping ?? {};
  const body: Record<string, unknown> = {};
  setPath(body, mapping.title ?? 'title', text.title);
  setPath(body, mapping.dedupKey ?? 'dedup_key', text.key);
  setPath(body, mapping.description ?? 'description', text.description);
  setPath(body, mapping.severity ?? 'severity', 'info');
  setPath(body, mapping.source ?? 'source', 'pagefree-test');
  return body;
}

/** Sets a dot path such as `alert.labels.name`, creating arrays for numeric segments. */
function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  let current: Record<string, unknown> | unknown[] = root;
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    const nextIsIndex = !last && /^\d+$/.test(segments[index + 1]!);
    const key: string | number = Array.isArray(current) ? Number(segment) : segment;
    const container = current as Record<string | number, unknown>;
    if (last) {
      // An earlier path may already own this spot; the first value placed there wins.
      container[key] ??= value;
      return;
    }
    if (typeof container[key] !== 'object' || container[key] === null) {
      container[key] = nextIsIndex ? [] : {};
    }
    current = container[key] as Record<string, unknown> | unknown[];
  }
}
