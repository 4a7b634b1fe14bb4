import { type Logger, type LoggerOptions, pino } from 'pino';
import { maskCredentials } from './credential-patterns.ts';

export type { Logger } from 'pino';

/**
 * Paths that pino replaces with "[redacted]" wherever they appear in a log object. Secrets
 * are removed here, at the logger, so no call site has to remember to drop them.
 */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'signingSecret',
  '*.signingSecret',
  'apiKey',
  '*.apiKey',
  'authorization',
  'cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-pagefree-signature"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'subscription.keys',
  '*.privateKey',
  'privateKey',
  // The ingestion credential: `integrationKey` in requests, `integration_key` in database rows.
  'integrationKey',
  '*.integrationKey',
  'integration_key',
  '*.integration_key',
  // A leading `*` matches exactly one level, so secrets nested two levels deep need their own
  // paths. Anything deeper is not redacted.
  '*.*.password',
  '*.*.token',
  '*.*.secret',
  '*.*.signingSecret',
  '*.*.apiKey',
  '*.*.privateKey',
  '*.*.integrationKey',
  '*.*.integration_key',
  // Headers logged one level down (`request.headers`, `response.headers`).
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  '*.headers["x-pagefree-signature"]',
  '*.authorization',
  '*.cookie',
  // The Events API v2 credential, the push acknowledge token, runbook secret maps, and
  // the names other services give their credentials.
  'routing_key',
  '*.routing_key',
  'ackToken',
  '*.ackToken',
  'secrets',
  '*.secrets',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'clientSecret',
  '*.clientSecret',
  'sessionToken',
  '*.sessionToken',
  'encryptionKey',
  '*.encryptionKey',
  'webhookSecret',
  '*.webhookSecret',
  'metricsToken',
  '*.metricsToken',
];

export interface CreateLoggerOptions {
  level: LoggerOptions['level'];
  name?: string;
  /** Where log lines go; defaults to stdout. Tests pass a stream to read them back. */
  destination?: pino.DestinationStream;
}

/**
 * Creates the process logger: JSON lines with secrets redacted twice over. Values under the
 * keys of `REDACTED_PATHS` are replaced, and then every finished line is scanned for the
 * credential formats of `CREDENTIAL_PATTERNS`, which also covers messages, error messages
 * and stack traces that no key-based rule can reach.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: options.name ?? 'pagefree' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: pino.stdSerializers.err },
    hooks: { streamWrite: maskCredentials },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}

/** A logger that drops everything, for tests that do not read logs. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
