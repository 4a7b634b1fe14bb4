import { loadAlertFixture } from '../packages/testing/src/fixtures.ts';

/** The Alertmanager webhook (version 4) sample: one firing group with two alerts. */
const SAMPLE = loadAlertFixture<{
  groupKey: string;
  commonAnnotations: Record<string, string>;
  alerts: unknown[];
}>('alertmanager-firing.json');

/** Alerts per webhook body. Each is stored as one `alert` row. */
export const ALERTS_PER_WEBHOOK = SAMPLE.alerts.length;

/**
 * Returns the sample as a JSON body with `groupKey` replaced, which is the dedup key of
 * every alert in it. `summary`, when given, replaces the common summary, which becomes the
 * incident title and the title of its push.
 */
export function alertmanagerBody(groupKey: string, summary?: string): string {
  const body = structuredClone(SAMPLE);
  body.groupKey = groupKey;
  if (summary !== undefined) body.commonAnnotations.summary = summary;
  return JSON.stringify(body);
}

export interface WebhookResponse {
  status: number;
  /** `incidentId` from a 202 body, or null on any other status. */
  incidentId: string | null;
  /** The body text of a response other than 202, for the failure message. */
  error: string | null;
}

/** Posts one body to `POST /integrations/{key}/alertmanager` and reads the response. */
export async function postAlertmanager(
  serverUrl: string,
  integrationKey: string,
  body: string,
): Promise<WebhookResponse> {
  const response = await fetch(`${serverUrl}/integrations/${integrationKey}/alertmanager`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const text = await response.text();
  if (response.status !== 202) {
    return { status: response.status, incidentId: null, error: text.slice(0, 300) };
  }
  const parsed = JSON.parse(text) as { incidentId?: string | null };
  return { status: response.status, incidentId: parsed.incidentId ?? null, error: null };
}
