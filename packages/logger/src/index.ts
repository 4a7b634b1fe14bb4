export {
  type CreateLoggerOptions,
  createLogger,
  createSilentLogger,
  type Logger,
  REDACTED_PATHS,
} from './logger.ts';
