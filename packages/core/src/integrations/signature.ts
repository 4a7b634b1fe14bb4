import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Integration } from '@pagefree/db';

/** How far a signed request's timestamp may lag behind or run ahead of our clock. */
export const TIMESTAMP_MAX_AGE_SECONDS = 300;
export const TIMESTAMP_MAX_SKEW_AHEAD_SECONDS = 60;

export type SignatureCheck =
  | { ok: true }
  | {
      ok: false;
      code:
        | 'signature_missing'
        | 'signature_invalid'
        | 'timestamp_missing'
        | 'timestamp_invalid'
        | 'timestamp_out_of_range';
      message: string;
    };

type SignatureSettings = Pick<
  Integration,
  'signature_header' | 'signature_encoding' | 'timestamp_header'
>;

/**
 * Computes the signature a sender attaches: HMAC-SHA256 with the integration's signing
 * secret over the raw body, or over `<timestamp>:<raw body>` when the integration names a
 * timestamp header. The timestamp is then covered by the signature, so a captured request
 * stops verifying once it is older than TIMESTAMP_MAX_AGE_SECONDS.
 *
 * NOTE: within that window a captured request can be replayed; no nonce is stored, because
 * a sender's own retry of a request we failed to store must still be processed.
 */
export function computeSignature(
  secret: string,
  rawBody: Uint8Array,
  encoding: 'hex' | 'base64',
  timestamp: string | null,
): string {
  const hmac = createHmac('sha256', secret);
  if (timestamp !== null) hmac.update(`${timestamp}:`);
  hmac.update(rawBody);
  return hmac.digest(encoding);
}

function decodeSignature(value: string, encoding: 'hex' | 'base64'): Buffer | null {
  const trimmed = value.trim().replace(/^sha256=/i, '');
  const valid =
    encoding === 'hex'
      ? /^[0-9a-fA-F]{64}$/.test(trimmed)
      : /^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed);
  return valid ? Buffer.from(trimmed, encoding === 'hex' ? 'hex' : 'base64') : null;
}

/** Parses unix seconds or milliseconds into milliseconds. */
function parseTimestamp(value: string): number | null {
  if (!/^\d{9,13}$/.test(value.trim())) return null;
  const numeric = Number(value.trim());
  return numeric > 1e12 ? numeric : numeric * 1000;
}

/** Describes a timestamp's age, e.g. "400 s behind" or "3599 s ahead of". */
function describeOffset(ageSeconds: number): string {
  const seconds = Math.abs(Math.round(ageSeconds));
  return ageSeconds >= 0 ? `${seconds} s behind` : `${seconds} s ahead of`;
}

/**
 * Verifies a signed webhook against every secret still valid for the integration, so
 * both the old and the new secret verify while a rotation overlaps.
 */
export function verifySignature(input: {
  settings: SignatureSettings;
  headers: Headers;
  rawBody: Uint8Array;
  secrets: string[];
  now: Date;
}): SignatureCheck {
  const { settings, headers } = input;
  const signatureHeader = headers.get(settings.signature_header);
  if (!signatureHeader) {
    return {
      ok: false,
      code: 'signature_missing',
      message: `Missing the ${settings.signature_header} header; sign the raw body with HMAC-SHA256 and the integration's signing secret.`,
    };
  }
  const provided = decodeSignature(signatureHeader, settings.signature_encoding);
  if (!provided) {
    return {
      ok: false,
      code: 'signature_invalid',
      message: `The ${settings.signature_header} header is not a ${settings.signature_encoding} HMAC-SHA256 digest.`,
    };
  }

  let timestamp: string | null = null;
  if (settings.timestamp_header) {
    timestamp = headers.get(settings.timestamp_header);
    if (!timestamp) {
      return {
        ok: false,
        code: 'timestamp_missing',
        message: `Missing the ${settings.timestamp_header} header (unix time in seconds or milliseconds).`,
      };
    }
    const sentAt = parseTimestamp(timestamp);
    if (sentAt === null) {
      return {
        ok: false,
        code: 'timestamp_invalid',
        message: `The ${settings.timestamp_header} header must be unix time in seconds or milliseconds.`,
      };
    }
    const ageSeconds = (input.now.getTime() - sentAt) / 1000;
    if (ageSeconds > TIMESTAMP_MAX_AGE_SECONDS || ageSeconds < -TIMESTAMP_MAX_SKEW_AHEAD_SECONDS) {
      return {
        ok: false,
        code: 'timestamp_out_of_range',
        message: `The request timestamp is ${describeOffset(ageSeconds)} server time; it must be at most ${TIMESTAMP_MAX_AGE_SECONDS} s old and ${TIMESTAMP_MAX_SKEW_AHEAD_SECONDS} s ahead. Check the sender's clock.`,
      };
    }
  }

  for (const secret of input.secrets) {
    const expected = Buffer.from(
      computeSignature(secret, input.rawBody, settings.signature_encoding, timestamp),
      settings.signature_encoding === 'hex' ? 'hex' : 'base64',
    );
    if (expected.length === provided.length && timingSafeEqual(expected, provided)) {
      return { ok: true };
    }
  }
  return {
    ok: false,
    code: 'signature_invalid',
    message: `The ${settings.signature_header} signature does not match; sign the exact raw body with the current signing secret.`,
  };
}
