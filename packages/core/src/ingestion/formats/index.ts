import type { NormalizedAlert, ParseContext } from '../normalized-alert.ts';
import { parseAlertmanager } from './alertmanager.ts';
import { parseDatadog } from './datadog.ts';
import { parseGeneric } from './generic.ts';
import { parseGrafana } from './grafana.ts';
import { parseNewRelic } from './newrelic.ts';
import { parsePagerDuty } from './pagerduty.ts';

/**
 * Parses a JSON webhook body in the integration's format into alert events.
 * Throws PayloadFormatError, naming the offending field, when the body does not have that
 * format's shape.
 *
 * @example
 * const alerts = parseAlerts(JSON.parse(rawBody), { format: 'alertmanager', fieldMapping: null });
 */
export function parseAlerts(body: unknown, context: ParseContext): NormalizedAlert[] {
  const { format } = context;

  switch (format) {
    case 'alertmanager':
      return parseAlertmanager(body);
    case 'grafana':
      return parseGrafana(body);
    case 'pagerduty':
      return parsePagerDuty(body);
    case 'datadog':
      return parseDatadog(body);
    case 'newrelic':
      return parseNewRelic(body);
    case 'generic':
      return parseGeneric(body, context.fieldMapping);
    default: {
      const unreachable: never = format;
      throw new Error(`Unsupported integration format: ${String(unreachable)}`);
    }
  }
}
