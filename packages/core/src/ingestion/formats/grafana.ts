import type { NormalizedAlert } from '../normalized-alert.ts';
import { PayloadFormatError } from '../normalized-alert.ts';
import type { AlertGroup } from './alert-group.ts';
import { objectOrEmpty, readAlertGroup, readGroupDedupKey } from './alert-group.ts';
import type { JsonObject } from './fields.ts';
import {
  buildLinks,
  firstText,
  MAX_DESCRIPTION_LENGTH,
  MAX_SUMMARY_LENGTH,
  readTextField,
  toSeverity,
  truncate,
} from './fields.ts';

/**
 * Parses a Grafana unified alerting webhook into one alert per element of `alerts`.
 * The envelope is Alertmanager's with `title`, `message` and per-alert dashboard, panel
 * and silence URLs added, and the group resolves the same way.
 */
export function parseGrafana(body: unknown): NormalizedAlert[] {
  const group = readAlertGroup(body);
  return group.alerts.map((alert, index) => toNormalizedAlert(group, alert, index));
}

function toNormalizedAlert(group: AlertGroup, alert: JsonObject, index: number): NormalizedAlert {
  const labels = objectOrEmpty(alert.labels);
  const annotations = objectOrEmpty(alert.annotations);

  const summary = firstText(
    readTextField(group.commonAnnotations, 'summary'),
    readTextField(group.body, 'title'),
    readTextField(annotations, 'summary'),
    readTextField(labels, 'alertname'),
  );
  if (summary === null) {
    throw new PayloadFormatError(
      'title',
      'is missing, and the alert has no summary annotation or alertname label',
    );
  }

  // `message` is Grafana's rendered notification text, used when no annotation describes the alert.
  const description = firstText(
    readTextField(annotations, 'description'),
    readTextField(group.commonAnnotations, 'description'),
    readTextField(group.body, 'message'),
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
      { href: alert.dashboardURL, text: 'Dashboard' },
      { href: alert.panelURL, text: 'Panel' },
      { href: alert.silenceURL, text: 'Silence' },
      { href: alert.generatorURL, text: 'Source' },
      { href: group.commonAnnotations.runbook_url, text: 'Runbook' },
      { href: annotations.runbook_url, text: 'Runbook' },
    ]),
    payload: alert,
  };
}
