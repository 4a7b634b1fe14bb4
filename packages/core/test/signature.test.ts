import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeSignature, verifySignature } from '../src/integrations/signature.ts';

const SECRET = 'whsec_current-signing-secret';
const OLD_SECRET = 'whsec_previous-signing-secret';
const BODY = new TextEncoder().encode('{"status":"firing","alertname":"HighLatency"}');
const NOW = new Date('2026-03-01T12:00:00Z');
const NOW_SECONDS = String(NOW.getTime() / 1000);

interface Settings {
  signature_header: string;
  signature_encoding: 'hex' | 'base64';
  timestamp_header: string | null;
}

const HEX: Settings = {
  signature_header: 'x-pagefree-signature',
  signature_encoding: 'hex',
  timestamp_header: null,
};
const BASE64: Settings = { ...HEX, signature_encoding: 'base64' };
const TIMESTAMPED: Settings = { ...HEX, timestamp_header: 'x-pagefree-timestamp' };

function verify(options: {
  settings: Settings;
  headers: Record<string, string>;
  secrets?: string[];
  body?: Uint8Array;
}) {
  return verifySignature({
    settings: options.settings,
    headers: new Headers(options.headers),
    rawBody: options.body ?? BODY,
    secrets: options.secrets ?? [SECRET],
    now: NOW,
  });
}

describe('computeSignature', () => {
  it('hex is HMAC-SHA256 of body', () => {
    const expected = createHmac('sha256', SECRET).update(BODY).digest('hex');

    expect(computeSignature(SECRET, BODY, 'hex', null)).toBe(expected);
  });

  it('base64 is HMAC-SHA256 of body', () => {
    const expected = createHmac('sha256', SECRET).update(BODY).digest('base64');

    expect(computeSignature(SECRET, BODY, 'base64', null)).toBe(expected);
  });

  it('timestamp covered as "<timestamp>:<body>"', () => {
    const signed = Buffer.concat([Buffer.from(`${NOW_SECONDS}:`), BODY]);
    const expected = createHmac('sha256', SECRET).update(signed).digest('hex');

    expect(computeSignature(SECRET, BODY, 'hex', NOW_SECONDS)).toBe(expected);
  });
});

describe('verifySignature encodings', () => {
  it('hex signature verifies', () => {
    const signature = computeSignature(SECRET, BODY, 'hex', null);

    expect(verify({ settings: HEX, headers: { 'x-pagefree-signature': signature } })).toEqual({
      ok: true,
    });
  });

  it('uppercase hex verifies', () => {
    const signature = computeSignature(SECRET, BODY, 'hex', null).toUpperCase();

    expect(verify({ settings: HEX, headers: { 'x-pagefree-signature': signature } }).ok).toBe(true);
  });

  it('base64 signature verifies', () => {
    const signature = computeSignature(SECRET, BODY, 'base64', null);

    expect(verify({ settings: BASE64, headers: { 'x-pagefree-signature': signature } }).ok).toBe(
      true,
    );
  });

  it('sha256= prefix accepted', () => {
    const signature = `sha256=${computeSignature(SECRET, BODY, 'hex', null)}`;

    expect(verify({ settings: HEX, headers: { 'x-pagefree-signature': signature } }).ok).toBe(true);
  });

  it('base64 signature under hex setting rejected', () => {
    const signature = computeSignature(SECRET, BODY, 'base64', null);

    const result = verify({ settings: HEX, headers: { 'x-pagefree-signature': signature } });

    expect(result).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('missing header rejected', () => {
    const result = verify({ settings: HEX, headers: {} });

    expect(result).toMatchObject({ ok: false, code: 'signature_missing' });
  });

  it('wrong secret rejected', () => {
    const signature = computeSignature('whsec_someone-else', BODY, 'hex', null);

    const result = verify({ settings: HEX, headers: { 'x-pagefree-signature': signature } });

    expect(result).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('changed body rejected', () => {
    const signature = computeSignature(SECRET, BODY, 'hex', null);

    const result = verify({
      settings: HEX,
      headers: { 'x-pagefree-signature': signature },
      body: new TextEncoder().encode('{"status":"resolved","alertname":"HighLatency"}'),
    });

    expect(result).toMatchObject({ ok: false, code: 'signature_invalid' });
  });
});

describe('verifySignature secret rotation', () => {
  it('old secret verifies during overlap', () => {
    const signature = computeSignature(OLD_SECRET, BODY, 'hex', null);

    const result = verify({
      settings: HEX,
      headers: { 'x-pagefree-signature': signature },
      secrets: [SECRET, OLD_SECRET],
    });

    expect(result.ok).toBe(true);
  });

  it('old secret rejected after overlap', () => {
    const signature = computeSignature(OLD_SECRET, BODY, 'hex', null);

    const result = verify({
      settings: HEX,
      headers: { 'x-pagefree-signature': signature },
      secrets: [SECRET],
    });

    expect(result).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('empty secret list rejects signature', () => {
    const signature = computeSignature(SECRET, BODY, 'hex', null);

    const result = verify({
      settings: HEX,
      headers: { 'x-pagefree-signature': signature },
      secrets: [],
    });

    expect(result).toMatchObject({ ok: false, code: 'signature_invalid' });
  });
});

describe('verifySignature timestamp', () => {
  function timestampedHeaders(signedTimestamp: string, sentTimestamp = signedTimestamp) {
    return {
      'x-pagefree-signature': computeSignature(SECRET, BODY, 'hex', signedTimestamp),
      'x-pagefree-timestamp': sentTimestamp,
    };
  }

  it('signed timestamp verifies', () => {
    const result = verify({ settings: TIMESTAMPED, headers: timestampedHeaders(NOW_SECONDS) });

    expect(result.ok).toBe(true);
  });

  it('changed timestamp invalidates signature', () => {
    const oneSecondEarlier = String(Number(NOW_SECONDS) - 1);

    const result = verify({
      settings: TIMESTAMPED,
      headers: timestampedHeaders(NOW_SECONDS, oneSecondEarlier),
    });

    expect(result).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('body-only signature rejected', () => {
    const result = verify({
      settings: TIMESTAMPED,
      headers: {
        'x-pagefree-signature': computeSignature(SECRET, BODY, 'hex', null),
        'x-pagefree-timestamp': NOW_SECONDS,
      },
    });

    expect(result).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('millisecond timestamp accepted', () => {
    const millis = String(NOW.getTime());

    const result = verify({ settings: TIMESTAMPED, headers: timestampedHeaders(millis) });

    expect(result.ok).toBe(true);
  });

  it('missing timestamp rejected', () => {
    const result = verify({
      settings: TIMESTAMPED,
      headers: { 'x-pagefree-signature': computeSignature(SECRET, BODY, 'hex', null) },
    });

    expect(result).toMatchObject({ ok: false, code: 'timestamp_missing' });
  });

  it.each([
    ['words', 'yesterday'],
    ['ISO date', '2026-03-01T12:00:00Z'],
    ['fractional seconds', `${NOW_SECONDS}.5`],
    ['negative', `-${NOW_SECONDS}`],
  ])('non-numeric timestamp (%s) invalid', (_case, timestamp) => {
    const result = verify({ settings: TIMESTAMPED, headers: timestampedHeaders(timestamp) });

    expect(result).toMatchObject({ ok: false, code: 'timestamp_invalid' });
  });

  it.each([
    ['301 s old', -301, '301 s behind server time'],
    ['61 s ahead', 61, '61 s ahead of server time'],
  ])('timestamp %s out of range', (_case, offsetSeconds, wording) => {
    const timestamp = String(Number(NOW_SECONDS) + offsetSeconds);

    const result = verify({ settings: TIMESTAMPED, headers: timestampedHeaders(timestamp) });

    expect(result).toMatchObject({ ok: false, code: 'timestamp_out_of_range' });
    expect((result as { message: string }).message).toContain(wording);
  });

  it.each([
    ['300 s old', -300],
    ['60 s ahead', 60],
  ])('timestamp %s within range', (_case, offsetSeconds) => {
    const timestamp = String(Number(NOW_SECONDS) + offsetSeconds);

    const result = verify({ settings: TIMESTAMPED, headers: timestampedHeaders(timestamp) });

    expect(result.ok).toBe(true);
  });
});

describe('verifySignature header names', () => {
  it('configured names matched case-insensitively', () => {
    const settings: Settings = {
      ...TIMESTAMPED,
      signature_header: 'X-PageFree-Signature',
      timestamp_header: 'X-PageFree-Timestamp',
    };
    const headers = new Headers();
    headers.set('x-pagefree-signature', computeSignature(SECRET, BODY, 'hex', NOW_SECONDS));
    headers.set('X-PAGEFREE-TIMESTAMP', NOW_SECONDS);

    const result = verifySignature({
      settings,
      headers,
      rawBody: BODY,
      secrets: [SECRET],
      now: NOW,
    });

    expect(result.ok).toBe(true);
  });
});
