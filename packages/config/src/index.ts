export {
  type AppEnvironment,
  type Config,
  ConfigError,
  checkVapidPair,
  type DatabaseConfig,
  type EncryptionKey,
  loadConfig,
  type VapidConfig,
  type VapidKeyPair,
  vapidFingerprint,
} from './config.ts';
export { envSchema, type RawEnv } from './env-schema.ts';
export { KNOWN_SAMPLE_VAPID_PUBLIC_KEYS, knownSampleVapidKey } from './vapid-samples.ts';
