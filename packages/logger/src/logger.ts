import { type Logger, type LoggerOptions, pino } from 'pino';

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
];

export interface CreateLoggerOptions {
  level: LoggerOptions['level'];
  name?: string;
  /** Where log lines go; defaults to stdout. Tests pass a stream to read them back. */
  destination?: pino.DestinationStream;
}

/** Creates the process logger: JSON lines with secrets redacted. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: options.name ?? 'pagefree' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: pino.stdSerializers.err },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}

/** A logger that drops everything, for tests that do not read logs. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
