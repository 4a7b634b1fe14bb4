import type { NormalizedAlert } from '../normalized-alert.ts';
import { PayloadFormatError } from '../normalized-alert.ts';
import type { AlertGroup } from './alert-group.ts';
import { objectOrEmpty, readAlertGroup, readGroupDedupKey } from './alert-group.ts';
import type { JsonObject } from './fields.ts';
import {
  buildLinks,
  firstText,
  isWebUrl,
  MAX_DESCRIPTION_LENGTH,
  MAX_SUMMARY_LENGTH,
  readText,
  readTextField,
  toSeverity,
  truncate,
} from './fields.ts';

/**
 * Parses a Prometheus Alertmanager webhook (version 4) into one alert per element of
 * `alerts`. All of them share the group key as dedup key, so the group maps to one incident.
 */
export function parseAlertmanager(body: unknown): NormalizedAlert[] {
  const group = readAlertGroup(body);
  return group.alerts.map((alert, index) => toNormalizedAlert(group, alert, index));
}

function toNormalizedAlert(group: AlertGroup, alert: JsonObject, index: number): NormalizedAlert {
  const labels = objectOrEmpty(alert.labels);
  const annotations = objectOrEmpty(alert.annotations);

  const summary = firstText(
    readTextField(group.commonAnnotations, 'summary'),
    readTextField(annotations, 'summary'),
    readTextField(labels, 'alertname'),
  );
  if (summary === null) {
    throw new PayloadFormatError(
      `alerts.${index}.labels.alertname`,
      'is missing, and the alert has no summary annotation either',
    );
  }

  const description = firstText(
    readTextField(annotations, 'description'),
    readTextField(group.commonAnnotations, 'description'),
  );

  return {
    dedupKey: readGroupDedupKey(group, alert, index),
    action: group.action,
    summary: truncate(summary, MAX_SUMMARY_LENGTH),
    description: truncate(description ?? '', MAX_DESCRIPTION_LENGTH),
    severity: toSeverity(
      firstText(readTextField(group.commonLabels, 'severity'), readTextField(labels, 'severity')),
    ),
    priority: null,
    source: firstText(readTextField(labels, 'instance'), readTextField(labels, 'job')),
    serviceHint: firstText(
      readTextField(labels, 'service'),
      readTextField(group.commonLabels, 'service'),
    ),
    links: buildLinks([
      { href: group.commonAnnotations.runbook_url, text: 'Runbook' },
      { href: annotations.runbook_url, text: 'Runbook' },
      { href: alert.generatorURL, text: 'Source' },
      { href: buildSilenceUrl(readText(group.body.externalURL), labels), text: 'Silence' },
    ]),
    payload: alert,
  };
}

/**
 * Builds a link to the Alertmanager UI's new-silence form, prefilled with a matcher for
 * each of the alert's labels. Returns null when the payload has no usable `externalURL`.
 */
function buildSilenceUrl(externalUrl: string | null, labels: JsonObject): string | null {
  if (externalUrl === null || !isWebUrl(externalUrl)) {
    return null;
  }

  const matchers: string[] = [];
  for (const [name, value] of Object.entries(labels)) {
    const text = readText(value);
    if (text !== null) {
      matchers.push(`${name}="${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`);
    }
  }
  if (matchers.length === 0) {
    return null;
  }

  const base = externalUrl.replace(/\/+$/, '');
  return `${base}/#/silences/new?filter=${encodeURIComponent(`{${matchers.join(',')}}`)}`;
}
