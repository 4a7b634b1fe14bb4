import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { maskCredentials } from '../src/credential-patterns.ts';
import { createLogger } from '../src/logger.ts';

function captureLogs() {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  return {
    logger: createLogger({ level: 'info', destination }),
    output: () => chunks.join(''),
  };
}

// Secrets built at run time, so this file itself contains no string a scanner would flag.
const token = (prefix: string, length = 43) => `${prefix}${'A1b2C3d4'.repeat(8).slice(0, length)}`;
const HEX64 = 'ab'.repeat(32);

// Each case: a name, a string that embeds a credential, and the credential.
const STRING_CASES: Array<[string, string, string]> = [
  ['session token', `token ${token('pfs_')} expired`, token('pfs_')],
  ['API key', `key=${token('pfk_')}`, token('pfk_')],
  ['signing secret', `secret ${token('pfsig_')}`, token('pfsig_')],
  ['unsubscribe token', `/demo/unsubscribe?token=${token('pfu_')}`, token('pfu_')],
  ['session cookie', 'cookie: pf_session=opaque-value; Path=/', 'opaque-value'],
  [
    'integration key in a path',
    'POST /integrations/Zk3mQ9xLr2Tt8bVn/alertmanager failed',
    'Zk3mQ9xLr2Tt8bVn',
  ],
  ['bearer header', 'Authorization: Bearer abcdefgh12345678', 'abcdefgh12345678'],
  ['basic header', 'authorization: Basic dXNlcjpwYXNzd29yZA==', 'dXNlcjpwYXNzd29yZA=='],
  [
    'JSON Web Token',
    `jwt ${'eyJhbGciOiJIUzI1NiJ9'}.${'eyJzdWIiOiIxMjM0In0'}.${'c2lnbmF0dXJlLWJ5dGVz'}`,
    'c2lnbmF0dXJlLWJ5dGVz',
  ],
  ['database URL password', 'connect postgres://pagefree:s3cr3t-pw@db:5432/pagefree', 's3cr3t-pw'],
  ['redis URL password', 'redis://:r3dis-pw@127.0.0.1:6379', 'r3dis-pw'],
  ['PageFree signature', `x-pagefree-signature: v1=${HEX64}`, HEX64],
  ['sha256 signature', `sha256=${HEX64}`, HEX64],
  [
    'PEM private key',
    '-----BEGIN PRIVATE KEY-----\\nMIGHAgEAMBMGByqGSM49\\n-----END PRIVATE KEY-----',
    'MIGHAgEAMBMGByqGSM49',
  ],
  ['AWS access key id', `id ${'AKIA'}${'Q2W3E4R5T6Y7U8I9'}`, `${'AKIA'}${'Q2W3E4R5T6Y7U8I9'}`],
  ['GitHub token', token('ghp_', 36), token('ghp_', 36)],
  ['Slack token', `${'xoxb'}-1234567890-abcdefghij`, `${'xoxb'}-1234567890-abcdefghij`],
  ['Stripe key', `${'sk_live'}_${'4eC39HqLyjWDarjtT1zdp7dc'}`, '4eC39HqLyjWDarjtT1zdp7dc'],
];

describe('maskCredentials', () => {
  it.each(STRING_CASES)('%s masked', (_name, text, secret) => {
    expect(maskCredentials(text)).not.toContain(secret);
  });

  it('keeps surrounding text', () => {
    expect(maskCredentials(`session ${token('pfs_')} expired`)).toBe('session [redacted] expired');
  });

  it('keeps URLs without a password', () => {
    const text = 'postgres://postgres@127.0.0.1:5432/postgres and redis://127.0.0.1:6379';

    expect(maskCredentials(text)).toBe(text);
  });

  it('keeps the scheme of an authorization header', () => {
    expect(maskCredentials('Bearer abcdefgh12345678')).toBe('Bearer [redacted]');
  });
});

// Each input repeats the start of a pattern without its end. A pattern that rescans the rest
// of the line from every start takes minutes on these, so the test times out.
const ADVERSARIAL_LINES: Array<[string, string]> = [
  ['dotted words', 'a.'.repeat(500_000)],
  ['schemes without a password', 'a://b:'.repeat(170_000)],
  ['token starts', '-eyJ'.repeat(250_000)],
  ['key headers', '-----BEGIN PRIVATE KEY-----'.repeat(40_000)],
];

describe('maskCredentials on adversarial lines', () => {
  it.each(ADVERSARIAL_LINES)('1 MB of %s unchanged', (_name, text) => {
    expect(maskCredentials(text)).toBe(text);
  });

  it('password after 1 MB of dotted words masked', () => {
    const text = `${'a.'.repeat(500_000)} postgres://app:hunter2-secret@db`;

    expect(maskCredentials(text)).toContain('postgres://app:[redacted]@db');
  });
});

describe('logger credential masking', () => {
  it.each(STRING_CASES)('%s masked in the message', (_name, text, secret) => {
    const { logger, output } = captureLogs();

    logger.info(`Request failed: ${text}`);

    expect(output()).not.toContain(secret);
  });

  it.each(STRING_CASES)('%s masked in an error message', (_name, text, secret) => {
    const { logger, output } = captureLogs();

    logger.error({ err: new Error(`Upstream said: ${text}`) }, 'Delivery failed');

    expect(output()).not.toContain(secret);
  });

  it('masked under an unlisted key', () => {
    const { logger, output } = captureLogs();

    logger.info({ detail: { deep: { deeper: { value: token('pfk_') } } } }, 'Handled');

    expect(output()).not.toContain(token('pfk_'));
  });

  it('line stays valid JSON', () => {
    const { logger, output } = captureLogs();

    logger.info(
      { url: 'postgres://app:pw-123456@db/x', auth: `Bearer ${token('pfk_')}` },
      'Handled',
    );

    expect(() => JSON.parse(output())).not.toThrow();
  });

  it('routing_key redacted', () => {
    const { logger, output } = captureLogs();

    logger.info({ body: { routing_key: 'Zk3mQ9xLr2Tt8bVn' } }, 'Parsed');

    expect(output()).not.toContain('Zk3mQ9xLr2Tt8bVn');
  });

  it('runbook secrets map redacted', () => {
    const { logger, output } = captureLogs();

    logger.info({ job: { secrets: { API_TOKEN: 'plain-runbook-secret' } } }, 'Queued');

    expect(output()).not.toContain('plain-runbook-secret');
  });

  it('request headers one level down redacted', () => {
    const { logger, output } = captureLogs();

    logger.info({ request: { headers: { cookie: 'session=opaque-cookie' } } }, 'Handled');

    expect(output()).not.toContain('opaque-cookie');
  });
});
