export { createLogger, createSilentLogger, type CreateLoggerOptions, type Logger, REDACTED_PATHS } from './logger.ts';
