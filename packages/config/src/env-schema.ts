import { isIP } from 'node:net';
import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1');

const port = z.coerce
  .number({ message: 'must be a port number' })
  .int()
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const base64Key32 = z.string().refine((value) => Buffer.from(value, 'base64').length === 32, {
  message: 'must be 32 random bytes in base64 (generate one with: openssl rand -base64 32)',
});

/** True for an IPv4 or IPv6 address, optionally with a CIDR prefix length. */
function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  // A /0 would trust every address, so any client could name itself in X-Forwarded-For.
  return /^\d{1,3}$/.test(prefix) && bits >= 1 && bits <= (family === 4 ? 32 : 128);
}

const addressList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0),
  )
  .refine((entries) => entries.every(isAddressOrRange), {
    message:
      'must be a comma-separated list of IP addresses or CIDR ranges, such as 10.0.0.0/8,::1',
  });

/**
 * Raw environment variables as PageFree reads them. Every variable is listed here, so this
 * schema doubles as the reference for operators; `loadConfig` turns it into `Config`.
 */
export const envSchema = z.object({
  PAGEFREE_ENV: z
    .enum(['development', 'test', 'production'], {
      message: 'must be development, test or production',
    })
    .default('production'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),

  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  PGLITE_DATA_DIR: z.string().min(1).optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/, 'may contain only letters, digits, _ and -')
    .default('pagefree'),

  HOST: z.string().default('127.0.0.1'),
  PORT: port.default(3000),
  STATUS_PORT: port.default(3001),
  /** Address of the status site in links (emails, feeds, the console); needed in production. */
  STATUS_PUBLIC_URL: z
    .url({ message: 'must be an absolute URL such as https://status.example.com' })
    .optional(),
  STATUS_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  PUBLIC_URL: z
    .url({ message: 'must be an absolute URL such as https://pagefree.example.com' })
    .optional(),

  ENCRYPTION_KEY: base64Key32.optional(),
  ENCRYPTION_KEY_ID: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,32}$/, 'must be 1-32 letters, digits, _ or -')
    .default('k1'),
  ENCRYPTION_PREVIOUS_KEYS: z
    .string()
    .regex(
      /^([a-zA-Z0-9_-]{1,32}:[A-Za-z0-9+/=]+)(,[a-zA-Z0-9_-]{1,32}:[A-Za-z0-9+/=]+)*$/,
      'must be a comma-separated list of keyId:base64Key pairs',
    )
    .optional(),

  VAPID_PUBLIC_KEY: z.string().optional(),
  VAPID_PRIVATE_KEY: z.string().optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, 'must start with mailto: or https://')
    .optional(),
  /**
   * The pair being retired during a VAPID rotation. Pushes to browsers subscribed with it are
   * signed with it until their console re-subscribes with the current pair.
   */
  VAPID_PREVIOUS_PUBLIC_KEY: z.string().optional(),
  VAPID_PREVIOUS_PRIVATE_KEY: z.string().optional(),

  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().default('PageFree <pagefree@localhost>'),

  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(168),
  SESSION_REVALIDATE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  SECURE_COOKIES: booleanFlag.optional(),
  INGEST_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10_485_760).default(1_048_576),
  ALLOW_PRIVATE_NETWORK_TARGETS: booleanFlag.default(false),
  /**
   * Reverse proxies whose X-Forwarded-For names the client, for rate limits and audit
   * addresses. Empty: every client is its connection's address and the header is ignored.
   */
  TRUSTED_PROXIES: addressList.default([]),
  ESCALATION_SWEEP_SECONDS: z.coerce.number().int().min(1).max(300).default(15),
  NOTIFICATION_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(20),
  /** Milliseconds between the worker's passes that dispatch queued runbook runs and evaluate rules. */
  RUNBOOK_SCAN_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  /** Seconds between checks for runbook runs whose runner job was lost. */
  RUNBOOK_RECONCILE_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
  /** Seconds without news from the runner after which a run whose job is gone counts as lost. */
  RUNBOOK_LOST_RUN_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** Seconds before the first retry of a runbook run that failed retryably. The second retry waits 4 times as long. */
  RUNBOOK_RETRY_BACKOFF_SECONDS: z.coerce.number().int().min(0).max(3600).default(5),
  /** Seconds a team's automatic runbook runs stay paused after its circuit breaker opens. */
  RUNBOOK_CIRCUIT_COOLDOWN_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),

  /** Bearer token for `/metrics`; without it `/metrics` serves only direct loopback clients. */
  METRICS_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters (generate one with: openssl rand -hex 32)')
    .optional(),
  /** Port of the worker process's /healthz, /readyz and /metrics listener; unset starts none. */
  WORKER_METRICS_PORT: port.optional(),
  /** Webhooks per minute per integration key before throttling (twice that per address); above 10 times it the response is 429. */
  RATE_LIMIT_INGEST_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(6_000),
  /** API requests per minute per signed-in user or API key owner. */
  RATE_LIMIT_API_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(1_200),
  /** Unauthenticated requests per minute per client address on the server. */
  RATE_LIMIT_PUBLIC_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /**
   * Seconds the server keeps serving after SIGTERM while /readyz returns 503, so a load
   * balancer stops routing to it before it stops accepting connections.
   */
  SHUTDOWN_DRAIN_SECONDS: z.coerce.number().int().min(0).max(120).default(0),
});

export type RawEnv = z.infer<typeof envSchema>;
