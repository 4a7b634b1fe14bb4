import { loadAlertFixture } from '@pagefree/testing';

/** Builds an Alertmanager group with its own group key and summary, so each call opens a new incident. */
export function alertmanagerAlert(summary: string) {
  const body = loadAlertFixture('alertmanager-firing.json');
  body.groupKey = `{}:{alertname="${summary}"}`;
  body.commonAnnotations = { ...body.commonAnnotations, summary };
  return body;
}
