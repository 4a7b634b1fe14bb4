import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../src/logger.ts';

/** Creates a logger that writes into memory, and a function returning everything written. */
function captureLogs(): { logger: Logger; output: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = createLogger({ level: 'info', destination });
  return { logger, output: () => chunks.join('') };
}

// Each case is a name, the fields to log and the secret value among them. The tests add the
// non-secret field `incidentId` to every log line.
const SECRET_CASES: Array<[string, Record<string, unknown>, string]> = [
  ['password', { password: 'hunter2-password' }, 'hunter2-password'],
  ['token', { token: 'pfs_session-token' }, 'pfs_session-token'],
  ['secret', { secret: 'whsec_plain-secret' }, 'whsec_plain-secret'],
  ['authorization', { authorization: 'Bearer pfk_api-key' }, 'Bearer pfk_api-key'],
  ['cookie', { cookie: 'pagefree_session=pfs_cookie' }, 'pagefree_session=pfs_cookie'],
  ['user.password', { user: { password: 'nested-password' } }, 'nested-password'],
  [
    'req.headers.authorization',
    { req: { headers: { authorization: 'Bearer pfk_request-key' } } },
    'Bearer pfk_request-key',
  ],
  [
    'req.headers.cookie',
    { req: { headers: { cookie: 'pagefree_session=pfs_request' } } },
    'pagefree_session=pfs_request',
  ],
  [
    'req.headers x-pagefree-signature',
    { req: { headers: { 'x-pagefree-signature': 'sha256=abc123signature' } } },
    'sha256=abc123signature',
  ],
  [
    'headers.authorization',
    { headers: { authorization: 'Bearer pfk_header-key' } },
    'Bearer pfk_header-key',
  ],
  [
    'headers.cookie',
    { headers: { cookie: 'pagefree_session=pfs_header' } },
    'pagefree_session=pfs_header',
  ],
  [
    'res.headers set-cookie',
    { res: { headers: { 'set-cookie': 'pagefree_session=pfs_response' } } },
    'pagefree_session=pfs_response',
  ],
  ['signingSecret', { signingSecret: 'whsec_top-level' }, 'whsec_top-level'],
  [
    'integration.signingSecret',
    { integration: { signingSecret: 'whsec_one-level' } },
    'whsec_one-level',
  ],
  ['apiKey', { apiKey: 'pfk_top-level' }, 'pfk_top-level'],
  ['key.apiKey', { key: { apiKey: 'pfk_one-level' } }, 'pfk_one-level'],
  ['privateKey', { privateKey: 'vapid-private-top' }, 'vapid-private-top'],
  ['vapid.privateKey', { vapid: { privateKey: 'vapid-private-nested' } }, 'vapid-private-nested'],
  [
    'subscription.keys',
    { subscription: { endpoint: 'https://push.example', keys: { auth: 'push-auth-secret' } } },
    'push-auth-secret',
  ],
  ['integrationKey', { integrationKey: 'pfi_ingestion-key' }, 'pfi_ingestion-key'],
  ['request.integrationKey', { request: { integrationKey: 'pfi_request-key' } }, 'pfi_request-key'],
  [
    'integration.integration_key',
    { integration: { integration_key: 'pfi_database-row' } },
    'pfi_database-row',
  ],
  [
    'two-level password',
    { body: { user: { password: 'two-level-password' } } },
    'two-level-password',
  ],
  [
    'two-level signingSecret',
    { service: { integration: { signingSecret: 'whsec_two-level' } } },
    'whsec_two-level',
  ],
  ['two-level token', { session: { cookie: { token: 'pfs_two-level' } } }, 'pfs_two-level'],
];

describe('logger redaction', () => {
  it.each(SECRET_CASES)('%s redacted', (_case, fields, secret) => {
    const { logger, output } = captureLogs();

    logger.info({ incidentId: 'inc-42', ...fields }, 'Handled');

    expect(output()).not.toContain(secret);
  });

  it.each(SECRET_CASES)('%s replaced with marker', (_case, fields) => {
    const { logger, output } = captureLogs();

    logger.info({ incidentId: 'inc-42', ...fields }, 'Handled');

    expect(output()).toContain('[redacted]');
  });

  it.each(SECRET_CASES)('%s keeps non-secret fields', (_case, fields) => {
    const { logger, output } = captureLogs();

    logger.info({ incidentId: 'inc-42', ...fields }, 'Handled');

    expect(JSON.parse(output())).toMatchObject({ incidentId: 'inc-42', msg: 'Handled' });
  });

  it('sibling headers kept', () => {
    const { logger, output } = captureLogs();

    logger.info(
      { req: { headers: { authorization: 'Bearer pfk_sibling', 'user-agent': 'curl/8.5.0' } } },
      'Handled',
    );

    expect(JSON.parse(output()).req.headers['user-agent']).toBe('curl/8.5.0');
  });

  it('child logger bindings redacted', () => {
    const { logger, output } = captureLogs();

    logger.child({ token: 'pfs_child-binding', requestId: 'req-7' }).info('Handled');

    expect(output()).not.toContain('pfs_child-binding');
  });

  it('child logger keeps request id', () => {
    const { logger, output } = captureLogs();

    logger.child({ token: 'pfs_child-binding', requestId: 'req-7' }).info('Handled');

    expect(JSON.parse(output()).requestId).toBe('req-7');
  });

  it('error property redacted', () => {
    const { logger, output } = captureLogs();
    const error = Object.assign(new Error('Login failed'), { password: 'error-password' });

    logger.error({ err: error }, 'Login failed');

    expect(output()).not.toContain('error-password');
  });

  it('error message kept', () => {
    const { logger, output } = captureLogs();
    const error = Object.assign(new Error('Login failed'), { password: 'error-password' });

    logger.error({ err: error }, 'Login failed');

    expect(JSON.parse(output()).err.message).toBe('Login failed');
  });

  it('caller object left unchanged', () => {
    const { logger } = captureLogs();
    const fields = { user: { password: 'still-mine' } };

    logger.info(fields, 'Handled');

    expect(fields.user.password).toBe('still-mine');
  });
});
