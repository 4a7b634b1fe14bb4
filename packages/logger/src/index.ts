export { CREDENTIAL_PATTERNS, maskCredentials } from './credential-patterns.ts';
export {
  type CreateLoggerOptions,
  createLogger,
  createSilentLogger,
  type Logger,
  REDACTED_PATHS,
} from './logger.ts';
