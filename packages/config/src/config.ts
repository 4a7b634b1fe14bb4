import { createECDH, createHash } from 'node:crypto';
import type { z } from 'zod';
import { envSchema, type RawEnv } from './env-schema.ts';
import { knownSampleVapidKey } from './vapid-samples.ts';

export type AppEnvironment = 'development' | 'test' | 'production';

export type DatabaseConfig =
  | { kind: 'postgres'; url: string; poolSize: number }
  | { kind: 'pglite'; dataDir: string };

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export interface VapidConfig {
  publicKey: string;
  privateKey: string;
  subject: string;
  /** First 16 hex digits of the SHA-256 of the public key, safe to log. */
  fingerprint: string;
  /** The pair being retired during a rotation, for subscriptions made with it; null otherwise. */
  previous: VapidKeyPair | null;
}

export interface VapidKeyPair {
  publicKey: string;
  privateKey: string;
  fingerprint: string;
}

export interface Config {
  env: AppEnvironment;
  logLevel: RawEnv['LOG_LEVEL'];
  database: DatabaseConfig;
  redisUrl: string;
  queuePrefix: string;
  host: string;
  port: number;
  statusPort: number;
  /**
   * Base URL of the status site without a trailing slash. Defaults to localhost outside
   * production. In production it is null when STATUS_PUBLIC_URL is unset, and then the
   * status site refuses to start and the worker skips status work.
   */
  statusPublicUrl: string | null;
  /** Seconds between status sweeps that re-queue lost status work. */
  statusSweepSeconds: number;
  publicUrl: string;
  encryption: { current: EncryptionKey; previous: EncryptionKey[] };
  vapid: VapidConfig;
  smtp: { url: string; from: string } | null;
  sessionTtlHours: number;
  sessionRevalidateSeconds: number;
  secureCookies: boolean;
  ingestMaxBodyBytes: number;
  allowPrivateNetworkTargets: boolean;
  /** TRUSTED_PROXIES: addresses and CIDR ranges whose X-Forwarded-For is believed. */
  trustedProxies: string[];
  escalationSweepSeconds: number;
  notificationConcurrency: number;
  runbooks: RunbookAutomationConfig;
  /** METRICS_TOKEN, or null for loopback-only access to `/metrics`. */
  metricsToken: string | null;
  /** WORKER_METRICS_PORT, or null when the worker serves no operations endpoints. */
  workerMetricsPort: number | null;
  rateLimits: { ingestPerMinute: number; apiPerMinute: number; publicPerMinute: number };
  shutdownDrainSeconds: number;
}

/** Timers and limits of the worker's runbook automation, from the RUNBOOK_* variables in env-schema.ts. */
export interface RunbookAutomationConfig {
  scanIntervalMs: number;
  reconcileSeconds: number;
  lostRunSeconds: number;
  retryBackoffSeconds: number;
  circuitCooldownSeconds: number;
}

/** Thrown by `loadConfig`; `message` lists every invalid variable with its fix. */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Parses the environment once at start-up. Collects every problem before throwing, so an
 * operator fixes them all in one pass.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError([
      ...parsed.error.issues.map(formatIssue),
      ...problemsBesides(env, parsed.error.issues),
    ]);
  }
  const raw = parsed.data;
  const problems: string[] = [];

  const database = resolveDatabase(raw, problems);
  const redisUrl = raw.REDIS_URL ?? missing('REDIS_URL', 'e.g. redis://127.0.0.1:6379', problems);
  const publicUrl = raw.PUBLIC_URL ?? defaultPublicUrl(raw, problems);
  const encryption = resolveEncryption(raw, problems);
  const vapid = resolveVapid(raw, problems);

  if (problems.length > 0) {
    throw new ConfigError(problems);
  }

  return {
    env: raw.PAGEFREE_ENV,
    logLevel: raw.LOG_LEVEL,
    database: database!,
    redisUrl,
    queuePrefix: raw.QUEUE_PREFIX,
    host: raw.HOST,
    port: raw.PORT,
    statusPort: raw.STATUS_PORT,
    statusPublicUrl: statusPublicUrl(raw),
    statusSweepSeconds: raw.STATUS_SWEEP_SECONDS,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    encryption: encryption!,
    vapid: vapid!,
    smtp: raw.SMTP_URL ? { url: raw.SMTP_URL, from: raw.MAIL_FROM } : null,
    sessionTtlHours: raw.SESSION_TTL_HOURS,
    sessionRevalidateSeconds: raw.SESSION_REVALIDATE_SECONDS,
    secureCookies: raw.SECURE_COOKIES ?? publicUrl.startsWith('https://'),
    ingestMaxBodyBytes: raw.INGEST_MAX_BODY_BYTES,
    allowPrivateNetworkTargets: raw.ALLOW_PRIVATE_NETWORK_TARGETS,
    trustedProxies: raw.TRUSTED_PROXIES,
    escalationSweepSeconds: raw.ESCALATION_SWEEP_SECONDS,
    notificationConcurrency: raw.NOTIFICATION_CONCURRENCY,
    runbooks: {
      scanIntervalMs: raw.RUNBOOK_SCAN_MS,
      reconcileSeconds: raw.RUNBOOK_RECONCILE_SECONDS,
      lostRunSeconds: raw.RUNBOOK_LOST_RUN_SECONDS,
      retryBackoffSeconds: raw.RUNBOOK_RETRY_BACKOFF_SECONDS,
      circuitCooldownSeconds: raw.RUNBOOK_CIRCUIT_COOLDOWN_SECONDS,
    },
    metricsToken: raw.METRICS_TOKEN ?? null,
    workerMetricsPort: raw.WORKER_METRICS_PORT ?? null,
    rateLimits: {
      ingestPerMinute: raw.RATE_LIMIT_INGEST_PER_MINUTE,
      apiPerMinute: raw.RATE_LIMIT_API_PER_MINUTE,
      publicPerMinute: raw.RATE_LIMIT_PUBLIC_PER_MINUTE,
    },
    shutdownDrainSeconds: raw.SHUTDOWN_DRAIN_SECONDS,
  };
}

/**
 * The missing or inconsistent variables among those that did parse, so one run reports
 * every problem even when some values are malformed.
 */
function problemsBesides(
  env: Record<string, string | undefined>,
  issues: z.core.$ZodIssue[],
): string[] {
  const invalid = new Set(issues.map((issue) => String(issue.path[0])));
  const rest = Object.fromEntries(Object.entries(env).filter(([name]) => !invalid.has(name)));
  const reparsed = envSchema.safeParse(rest);
  if (!reparsed.success) return [];
  try {
    loadConfig(rest);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.filter((problem) => !invalid.has(problem.split(':')[0]!));
  }
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const variable = issue.path.join('.') || 'environment';
  return `${variable}: ${issue.message}`;
}

function missing(name: string, hint: string, problems: string[]): string {
  problems.push(`${name}: missing; set it (${hint})`);
  return '';
}

function resolveDatabase(raw: RawEnv, problems: string[]): DatabaseConfig | null {
  if (raw.DATABASE_URL) {
    return { kind: 'postgres', url: raw.DATABASE_URL, poolSize: raw.DATABASE_POOL_SIZE };
  }
  if (raw.PAGEFREE_ENV === 'development' && raw.PGLITE_DATA_DIR) {
    return { kind: 'pglite', dataDir: raw.PGLITE_DATA_DIR };
  }
  missing(
    'DATABASE_URL',
    'e.g. postgres://pagefree@127.0.0.1:5432/pagefree; the embedded database exists only in development',
    problems,
  );
  return null;
}

function defaultPublicUrl(raw: RawEnv, problems: string[]): string {
  if (raw.PAGEFREE_ENV === 'production') {
    return missing(
      'PUBLIC_URL',
      'the https:// address users open, e.g. https://pagefree.example.com',
      problems,
    );
  }
  return `http://localhost:${raw.PORT}`;
}

function statusPublicUrl(raw: RawEnv): string | null {
  if (raw.STATUS_PUBLIC_URL) return raw.STATUS_PUBLIC_URL.replace(/\/+$/, '');
  return raw.PAGEFREE_ENV === 'production' ? null : `http://localhost:${raw.STATUS_PORT}`;
}

function resolveEncryption(
  raw: RawEnv,
  problems: string[],
): { current: EncryptionKey; previous: EncryptionKey[] } | null {
  if (!raw.ENCRYPTION_KEY) {
    missing('ENCRYPTION_KEY', 'generate one with: openssl rand -base64 32', problems);
    return null;
  }
  const previous: EncryptionKey[] = [];
  for (const pair of raw.ENCRYPTION_PREVIOUS_KEYS?.split(',') ?? []) {
    const [id, encoded] = pair.split(':') as [string, string];
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32) {
      problems.push(`ENCRYPTION_PREVIOUS_KEYS: key "${id}" must be 32 bytes in base64`);
      continue;
    }
    if (id === raw.ENCRYPTION_KEY_ID) {
      problems.push(
        `ENCRYPTION_PREVIOUS_KEYS: key id "${id}" is also the current ENCRYPTION_KEY_ID`,
      );
      continue;
    }
    previous.push({ id, key });
  }
  return {
    current: { id: raw.ENCRYPTION_KEY_ID, key: Buffer.from(raw.ENCRYPTION_KEY, 'base64') },
    previous,
  };
}

function resolveVapid(raw: RawEnv, problems: string[]): VapidConfig | null {
  const { VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey } = raw;
  const hint = 'generate a pair with: npx web-push generate-vapid-keys';
  const subject =
    raw.VAPID_SUBJECT ?? (raw.PAGEFREE_ENV === 'production' ? null : 'mailto:pagefree@localhost');
  if (!subject) {
    missing(
      'VAPID_SUBJECT',
      'a mailto: or https:// contact for push services, e.g. mailto:oncall@example.com',
      problems,
    );
  }
  if (!publicKey || !privateKey) {
    if (!publicKey) missing('VAPID_PUBLIC_KEY', hint, problems);
    if (!privateKey) missing('VAPID_PRIVATE_KEY', hint, problems);
    return null;
  }
  const problem = checkVapidPair(publicKey, privateKey);
  if (problem) {
    problems.push(`${problem}; ${hint}`);
    return null;
  }
  const sample = knownSampleVapidKey(publicKey);
  if (sample) {
    problems.push(
      `VAPID_PUBLIC_KEY: is the published sample pair from ${sample}, whose private key anyone can read; ${hint}`,
    );
    return null;
  }
  const previous = resolvePreviousVapid(raw, publicKey, problems);
  if (!subject || previous === undefined) return null;
  return { publicKey, privateKey, subject, fingerprint: vapidFingerprint(publicKey), previous };
}

/** Resolves the retiring pair: null when none is set, undefined after recording a problem. */
function resolvePreviousVapid(
  raw: RawEnv,
  currentPublicKey: string,
  problems: string[],
): VapidKeyPair | null | undefined {
  const { VAPID_PREVIOUS_PUBLIC_KEY: publicKey, VAPID_PREVIOUS_PRIVATE_KEY: privateKey } = raw;
  if (!publicKey && !privateKey) return null;
  if (!publicKey || !privateKey) {
    problems.push(
      `${publicKey ? 'VAPID_PREVIOUS_PRIVATE_KEY' : 'VAPID_PREVIOUS_PUBLIC_KEY'}: missing; set both previous keys or neither`,
    );
    return undefined;
  }
  const problem = checkVapidPair(publicKey, privateKey);
  if (problem) {
    problems.push(problem.replace(/^VAPID_/, 'VAPID_PREVIOUS_'));
    return undefined;
  }
  if (publicKey === currentPublicKey) {
    problems.push('VAPID_PREVIOUS_PUBLIC_KEY: equals VAPID_PUBLIC_KEY; unset the previous pair');
    return undefined;
  }
  const sample = knownSampleVapidKey(publicKey);
  if (sample) {
    problems.push(
      `VAPID_PREVIOUS_PUBLIC_KEY: is the published sample pair from ${sample}; unset it`,
    );
    return undefined;
  }
  return { publicKey, privateKey, fingerprint: vapidFingerprint(publicKey) };
}

/** First 16 hex digits of the SHA-256 of a VAPID public key, as stored with each subscription. */
export function vapidFingerprint(publicKey: string): string {
  return createHash('sha256').update(publicKey).digest('hex').slice(0, 16);
}

/**
 * Returns a problem description when the keys are not a P-256 pair in URL-safe base64
 * (65-byte uncompressed public point, 32-byte private scalar), or null when they are.
 */
export function checkVapidPair(publicKey: string, privateKey: string): string | null {
  const publicBytes = Buffer.from(publicKey, 'base64url');
  const privateBytes = Buffer.from(privateKey, 'base64url');
  if (publicBytes.length !== 65 || publicBytes[0] !== 0x04) {
    return 'VAPID_PUBLIC_KEY: must be a 65-byte uncompressed P-256 public key in URL-safe base64';
  }
  if (privateBytes.length !== 32) {
    return 'VAPID_PRIVATE_KEY: must be a 32-byte P-256 private key in URL-safe base64';
  }
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(privateBytes);
    if (!ecdh.getPublicKey().equals(publicBytes)) {
      return 'VAPID_PRIVATE_KEY: does not match VAPID_PUBLIC_KEY';
    }
  } catch {
    return 'VAPID_PRIVATE_KEY: is not a valid P-256 private key';
  }
  return null;
}
