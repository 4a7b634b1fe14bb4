import type { AlertAction } from '@pagefree/db';
import { PayloadFormatError } from '../normalized-alert.ts';
import type { JsonObject } from './fields.ts';
import { isJsonObject, readText, readTextField, requireJsonObject } from './fields.ts';

/**
 * The notification group that Prometheus Alertmanager (webhook version 4) and Grafana
 * unified alerting send: group-level labels and annotations plus one element per alert.
 */
export interface AlertGroup {
  body: JsonObject;
  /** `resolve` only when the group status is `resolved`, which means every alert in it resolved. */
  action: AlertAction;
  groupKey: string | null;
  commonLabels: JsonObject;
  commonAnnotations: JsonObject;
  alerts: JsonObject[];
}

/** Validates the group envelope shared by Alertmanager and Grafana and returns its parts. */
export function readAlertGroup(body: unknown): AlertGroup {
  const group = requireJsonObject(body);

  const status = readTextField(group, 'status');
  if (status !== 'firing' && status !== 'resolved') {
    throw new PayloadFormatError('status', 'must be "firing" or "resolved"');
  }

  const alerts = group.alerts;
  if (!Array.isArray(alerts)) {
    throw new PayloadFormatError('alerts', 'must be an array of alerts');
  }
  if (alerts.length === 0) {
    throw new PayloadFormatError('alerts', 'must contain at least one alert');
  }
  alerts.forEach((alert, index) => {
    if (!isJsonObject(alert)) {
      throw new PayloadFormatError(`alerts.${index}`, 'must be a JSON object');
    }
  });

  // Inside a firing group, an alert whose own status is resolved is still an update to the
  // open incident. Only a resolved group closes it.
  return {
    body: group,
    action: status === 'resolved' ? 'resolve' : 'trigger',
    groupKey: readText(group.groupKey),
    commonLabels: objectOrEmpty(group.commonLabels),
    commonAnnotations: objectOrEmpty(group.commonAnnotations),
    alerts: alerts as JsonObject[],
  };
}

/** Returns the group key, falling back to the alert's fingerprint when the group has none. */
export function readGroupDedupKey(group: AlertGroup, alert: JsonObject, index: number): string {
  const key = group.groupKey ?? readText(alert.fingerprint);
  if (key === null) {
    throw new PayloadFormatError(
      'groupKey',
      `is missing, and alerts.${index}.fingerprint is missing too`,
    );
  }
  return key;
}

export function objectOrEmpty(value: unknown): JsonObject {
  return isJsonObject(value) ? value : {};
}
