import type { AlertAction, FieldMapping, IntegrationFormat, Link, Severity } from '@pagefree/db';

/**
 * One alert event extracted from a monitoring tool's payload, in PageFree's terms. A single
 * webhook can carry several (an Alertmanager group holds one per firing instance); they
 * share a dedup key when the tool groups them into one incident.
 */
export interface NormalizedAlert {
  /** Alerts with the same key on the same service belong to one open incident. */
  dedupKey: string;
  action: AlertAction;
  /** Incident title when this alert opens one. */
  summary: string;
  description: string;
  severity: Severity;
  /** Explicit priority from the source (Datadog P1-P5, New Relic priority), if any. */
  priority: 'P1' | 'P2' | 'P3' | 'P4' | 'P5' | null;
  source: string | null;
  /** The routing key of the service the payload names (e.g. a `service` label), if any. */
  serviceHint: string | null;
  links: Link[];
  /** The part of the payload this alert came from, stored as received. */
  payload: unknown;
}

/** Thrown by a format parser when the body is JSON but not that format's shape. */
export class PayloadFormatError extends Error {
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'PayloadFormatError';
    this.field = field;
  }
}

export interface ParseContext {
  format: IntegrationFormat;
  /** Dot paths into the body; used only by the generic format. */
  fieldMapping: FieldMapping | null;
}

/** Turns a parsed JSON body into alert events; throws PayloadFormatError on a bad shape. */
export type FormatParser = (body: unknown, context: ParseContext) => NormalizedAlert[];
