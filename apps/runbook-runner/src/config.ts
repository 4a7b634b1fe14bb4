import { z } from 'zod';

/**
 * Variables that must not reach the runner. It runs code, so it gets no database
 * credentials and no keys, and a script that escaped its sandbox would find nothing to use.
 */
export const FORBIDDEN_VARIABLES = [
  'DATABASE_URL',
  'PGLITE_DATA_DIR',
  'ENCRYPTION_KEY',
  'ENCRYPTION_PREVIOUS_KEYS',
  'VAPID_PRIVATE_KEY',
  'SMTP_URL',
] as const;

const runnerEnvSchema = z.object({
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  REDIS_URL: z
    .string({
      message: 'missing; set it to the Redis the worker uses, e.g. redis://127.0.0.1:6379',
    })
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/, 'may contain only letters, digits, _ and -')
    .default('pagefree'),
  /** Runs at once in this process; the design caps it at 4. */
  RUNBOOK_CONCURRENCY: z.coerce.number().int().min(1).max(4).default(4),
  /** Heap limit of each run's isolate, in MB. */
  RUNBOOK_MEMORY_LIMIT_MB: z.coerce.number().int().min(8).max(1024).default(64),
  /** Largest response body a script's fetch reads, in bytes. */
  RUNBOOK_MAX_RESPONSE_BYTES: z.coerce.number().int().min(1024).max(16_777_216).default(1_048_576),
  /** Seconds a job lock lasts without renewal; a killed runner's runs are detected after about twice this. */
  RUNBOOK_LOCK_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  /** Scheduling priority (nice value, 0-19) of the runner's threads, so paging keeps the CPU first. */
  RUNBOOK_NICE: z.coerce.number().int().min(0).max(19).default(10),
  /** Set by the supervisor to its own pid: the runner stops when that process is gone. */
  RUNNER_PARENT_PID: z.coerce.number().int().positive().optional(),
});

export interface RunnerConfig {
  logLevel: z.output<typeof runnerEnvSchema>['LOG_LEVEL'];
  redisUrl: string;
  queuePrefix: string;
  concurrency: number;
  memoryLimitMb: number;
  maxResponseBytes: number;
  lockSeconds: number;
  nice: number;
  /** The supervisor's pid, or null when the runner runs on its own. */
  parentPid: number | null;
}

/** Thrown by `loadRunnerConfig`; the message lists every problem with its fix. */
export class RunnerConfigError extends Error {
  constructor(problems: string[]) {
    super(
      `Invalid runbook runner configuration:\n${problems.map((line) => `  - ${line}`).join('\n')}`,
    );
    this.name = 'RunnerConfigError';
  }
}

/** Parses the runner's environment once at start-up; refuses any credential it must not hold. */
export function loadRunnerConfig(env: Record<string, string | undefined>): RunnerConfig {
  const problems = FORBIDDEN_VARIABLES.filter((name) => env[name] !== undefined).map(
    (name) =>
      `${name}: must not be set for the runbook runner, which holds no database credentials or keys; remove it from this process's environment`,
  );
  const parsed = runnerEnvSchema.safeParse(env);
  if (!parsed.success) {
    problems.push(
      ...parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`,
      ),
    );
  }
  if (problems.length > 0 || !parsed.success) throw new RunnerConfigError(problems);

  const raw = parsed.data;
  return {
    logLevel: raw.LOG_LEVEL,
    redisUrl: raw.REDIS_URL,
    queuePrefix: raw.QUEUE_PREFIX,
    concurrency: raw.RUNBOOK_CONCURRENCY,
    memoryLimitMb: raw.RUNBOOK_MEMORY_LIMIT_MB,
    maxResponseBytes: raw.RUNBOOK_MAX_RESPONSE_BYTES,
    lockSeconds: raw.RUNBOOK_LOCK_SECONDS,
    nice: raw.RUNBOOK_NICE,
    parentPid: raw.RUNNER_PARENT_PID ?? null,
  };
}
