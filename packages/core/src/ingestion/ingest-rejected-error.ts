import { DomainError } from '../shared/errors.ts';

/** Why a webhook was refused. The server maps each reason to its own HTTP status. */
export type IngestRejectReason =
  | 'unknown_integration'
  | 'unsupported_format'
  | 'format_mismatch'
  | 'integration_disabled'
  | 'payload_too_large'
  | 'too_many_alerts'
  | 'invalid_json'
  | 'invalid_payload'
  | 'signature_missing'
  | 'signature_invalid'
  | 'timestamp_missing'
  | 'timestamp_invalid'
  | 'timestamp_out_of_range';

export class IngestRejectedError extends DomainError {
  readonly code = 'INGEST_REJECTED';
  readonly reason: IngestRejectReason;
  /** The offending field of the payload, for invalid_payload. */
  readonly field: string | null;

  constructor(reason: IngestRejectReason, message: string, field: string | null = null) {
    super(message);
    this.name = 'IngestRejectedError';
    this.reason = reason;
    this.field = field;
  }
}

/** HTTP status of each refusal; part of the ingestion contract senders rely on. */
export const REJECT_STATUS: Record<IngestRejectReason, number> = {
  unknown_integration: 404,
  unsupported_format: 404,
  format_mismatch: 400,
  integration_disabled: 403,
  payload_too_large: 413,
  too_many_alerts: 413,
  invalid_json: 400,
  invalid_payload: 422,
  signature_missing: 401,
  signature_invalid: 401,
  timestamp_missing: 401,
  timestamp_invalid: 401,
  timestamp_out_of_range: 401,
};
