import type { Integration, IntegrationFormat } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import type { EncryptionKeys } from '../crypto/secret-box.ts';
import { verifySignature } from '../integrations/signature.ts';
import { loadValidSigningSecrets } from '../integrations/signing-secrets.ts';
import type { AggregatedAudit } from '../rate-limits/aggregated-audit.ts';
import { UnavailableError } from '../shared/errors.ts';
import { parseAlerts } from './formats/index.ts';
import { type IngestDeps, type IngestResult, ingestAlerts } from './ingest-alerts.ts';
import {
  IngestRejectedError,
  type IngestRejectReason,
  REJECT_STATUS,
} from './ingest-rejected-error.ts';
import { type NormalizedAlert, PayloadFormatError } from './normalized-alert.ts';
import { jsonDepth, MAX_JSON_DEPTH, sanitizeAlert } from './sanitize-alert.ts';

/**
 * Most alerts accepted in one request. Each alert is applied inside one transaction, so the
 * cap bounds how long a single sender can hold database connections.
 */
export const MAX_ALERTS_PER_REQUEST = 1000;

export const INTEGRATION_FORMATS: readonly IntegrationFormat[] = [
  'alertmanager',
  'grafana',
  'pagerduty',
  'datadog',
  'newrelic',
  'generic',
];

export interface ReceiveWebhookDeps extends IngestDeps {
  encryptionKeys: EncryptionKeys;
  /**
   * Counts refusals into one audit row per integration (or unknown-key address) and reason
   * per minute. Without it each refusal writes an audit row of its own.
   */
  refusalAudit?: AggregatedAudit;
}

export interface WebhookRequest {
  /** The integration key from the URL path, or `routing_key` for Events API v2. */
  integrationKey: string;
  /** The format named by the URL; null for `/v2/enqueue`, which implies `pagerduty`. */
  format: string | null;
  rawBody: Uint8Array;
  headers: Headers;
  ip: string | null;
  /** Set when the body was already parsed to read the key (Events API v2). */
  parsedBody?: unknown;
  /** Set when the body exceeded the size limit; `rawBody` then holds only a prefix. */
  bodyTooLarge?: { limitBytes: number };
}

/**
 * Authenticates, parses and stores one monitoring webhook. Every refusal is recorded
 * (a rejected delivery row when the integration is known, and an audit event) and thrown
 * as IngestRejectedError; a storage failure is thrown as UnavailableError so the sender
 * retries. It returns only after the alerts are committed.
 */
export async function receiveWebhook(
  deps: ReceiveWebhookDeps,
  request: WebhookRequest,
): Promise<IngestResult> {
  const format = request.format ?? 'pagerduty';
  if (!INTEGRATION_FORMATS.includes(format as IntegrationFormat)) {
    throw await reject(
      deps,
      request,
      null,
      'unsupported_format',
      `Unknown format "${format}"; use one of ${INTEGRATION_FORMATS.join(', ')}.`,
    );
  }

  const integration = await findIntegration(deps, request.integrationKey);
  if (!integration) {
    throw await reject(
      deps,
      request,
      null,
      'unknown_integration',
      'No integration has this key; copy the ingestion URL from the integration page.',
    );
  }
  if (integration.disabled_at) {
    throw await reject(
      deps,
      request,
      integration,
      'integration_disabled',
      'This integration is disabled; enable it or use another integration key.',
    );
  }
  if (request.bodyTooLarge) {
    const limit = request.bodyTooLarge.limitBytes;
    throw await reject(
      deps,
      request,
      integration,
      'payload_too_large',
      `The body exceeds ${limit} bytes; send fewer or smaller alerts per request.`,
    );
  }
  if (integration.format !== format) {
    throw await reject(
      deps,
      request,
      integration,
      'format_mismatch',
      `This integration receives ${integration.format} payloads; post to /integrations/<key>/${integration.format}.`,
    );
  }

  if (integration.signature_required) {
    const now = deps.clock.now();
    const secrets = await loadValidSigningSecrets(
      deps.db,
      deps.encryptionKeys,
      integration.id,
      now,
    );
    const check = verifySignature({
      settings: integration,
      headers: request.headers,
      rawBody: request.rawBody,
      secrets,
      now,
    });
    if (!check.ok) {
      throw await reject(deps, request, integration, check.code, check.message);
    }
  }

  let body = request.parsedBody;
  if (body === undefined) {
    try {
      body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(request.rawBody));
    } catch {
      throw await reject(
        deps,
        request,
        integration,
        'invalid_json',
        'The body is not valid JSON; send one UTF-8 encoded JSON document.',
      );
    }
  }

  if (jsonDepth(body) > MAX_JSON_DEPTH) {
    throw await reject(
      deps,
      request,
      integration,
      'invalid_payload',
      `The body is nested more than ${MAX_JSON_DEPTH} levels deep; flatten it.`,
      'body',
    );
  }

  let alerts: NormalizedAlert[];
  try {
    alerts = parseAlerts(body, {
      format: integration.format,
      fieldMapping: integration.field_mapping,
    });
  } catch (error) {
    if (error instanceof PayloadFormatError) {
      throw await reject(
        deps,
        request,
        integration,
        'invalid_payload',
        `Invalid ${integration.format} payload: ${error.message}`,
        error.field,
      );
    }
    throw error;
  }
  if (alerts.length > MAX_ALERTS_PER_REQUEST) {
    throw await reject(
      deps,
      request,
      integration,
      'too_many_alerts',
      `The body holds ${alerts.length} alerts; send at most ${MAX_ALERTS_PER_REQUEST} per request.`,
      'alerts',
    );
  }

  try {
    return await ingestAlerts(deps, {
      integration,
      alerts: alerts.map(sanitizeAlert),
      ip: request.ip,
      bodyBytes: request.rawBody.byteLength,
    });
  } catch (error) {
    if (isDataError(error)) {
      // The database refused a value of this payload; retrying the same body cannot help.
      throw await reject(
        deps,
        request,
        integration,
        'invalid_payload',
        'A value in the payload cannot be stored; check it for unusual characters or sizes.',
      );
    }
    deps.logger.error(
      { err: error, integrationId: integration.id },
      'Storing alerts failed; answering 503 so the sender retries',
    );
    throw new UnavailableError('Alerts could not be stored right now; retry the request.', {
      cause: error,
    });
  }
}

/**
 * PostgreSQL data exceptions (SQLSTATE class 22) and program limits (class 54, e.g. an
 * index row too large) depend on the values sent, not on the database being available.
 */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|54)/.test(code);
}

async function findIntegration(
  deps: ReceiveWebhookDeps,
  key: string,
): Promise<Integration | undefined> {
  // Keys are random 32-byte tokens; anything else cannot match, so skip the query.
  if (!/^[A-Za-z0-9_-]{8,128}$/.test(key)) return undefined;
  try {
    return await deps.db
      .selectFrom('integration')
      .selectAll()
      .where('integration_key', '=', key)
      .executeTakeFirst();
  } catch (error) {
    deps.logger.error({ err: error }, 'Looking up the integration key failed');
    throw new UnavailableError('Alerts could not be stored right now; retry the request.', {
      cause: error,
    });
  }
}

/** Records a refused delivery and returns the error for the caller to throw. */
async function reject(
  deps: ReceiveWebhookDeps,
  request: WebhookRequest,
  integration: Integration | null,
  reason: IngestRejectReason,
  message: string,
  field: string | null = null,
): Promise<IngestRejectedError> {
  const error = new IngestRejectedError(reason, message, field);
  try {
    if (integration) {
      await deps.db
        .insertInto('inbound_delivery')
        .values({
          integration_id: integration.id,
          format: integration.format,
          outcome: 'rejected',
          http_status: REJECT_STATUS[reason],
          error_code: reason,
          ip: request.ip,
          body_bytes: request.rawBody.byteLength,
        })
        .execute();
    }
    const actor = {
      type: integration ? ('integration' as const) : ('anonymous' as const),
      id: integration?.id ?? null,
      ip: request.ip,
    };
    const metadata = { reason, format: request.format ?? 'pagerduty' };
    if (deps.refusalAudit) {
      await deps.refusalAudit.record({
        action: 'ingest.rejected',
        resourceType: 'integration',
        resourceId: integration?.id ?? null,
        actor,
        subject: `${integration ? `integration ${integration.id}` : `address ${request.ip}`} ${reason}`,
        metadata,
      });
    } else {
      await recordAuditEvent(deps.db, actor, {
        action: 'ingest.rejected',
        resourceType: 'integration',
        resourceId: integration?.id ?? null,
        metadata,
      });
    }
  } catch (recordError) {
    deps.logger.warn({ err: recordError, reason }, 'Recording a rejected webhook failed');
  }
  deps.logger.info({ reason, integrationId: integration?.id ?? null, field }, 'Webhook rejected');
  return error;
}
