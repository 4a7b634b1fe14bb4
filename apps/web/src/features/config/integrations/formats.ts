import type { RouterInputs } from '../../../lib/trpc.ts';

export type IntegrationFormat = RouterInputs['integrations']['create']['format'];

export const FORMAT_LABELS: Record<IntegrationFormat, string> = {
  alertmanager: 'Prometheus Alertmanager',
  grafana: 'Grafana',
  pagerduty: 'PagerDuty Events API v2',
  datadog: 'Datadog',
  newrelic: 'New Relic',
  generic: 'Generic JSON',
};
