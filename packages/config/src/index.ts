export {
  type AppEnvironment,
  type Config,
  ConfigError,
  checkVapidPair,
  type DatabaseConfig,
  type EncryptionKey,
  loadConfig,
  type VapidConfig,
} from './config.ts';
export { envSchema, type RawEnv } from './env-schema.ts';
