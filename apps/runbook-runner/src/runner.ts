import {
  RUNBOOK_LIMITS,
  RUNBOOK_QUEUE,
  type RunbookJobData,
  runbookJobSchema,
} from '@pagefree/contracts';
import type { Logger } from '@pagefree/logger';
import {
  type HostRule,
  type NetworkPolicy,
  parseHostRule,
  type RunOutcome,
  runScript,
} from '@pagefree/sandbox';
import { type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { RunnerConfig } from './config.ts';
import { createReportSender, type ReportSender } from './report-sender.ts';

const MAX_REQUEST_BYTES = 1_048_576;
const REQUEST_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 5;
const MAX_REQUESTS_PER_RUN = 50;

export interface RunningRunner {
  /** Runs in progress right now. */
  activeRuns(): number;
  /**
   * Stops taking jobs, cancels the runs in progress (reported as retryable failures, so the
   * worker queues them again) and closes the Redis connections.
   */
  close(): Promise<void>;
}

export interface StartRunnerOptions {
  config: RunnerConfig;
  logger: Logger;
  /**
   * Called after a run whose isolate V8 could not stop cleanly has been reported. The
   * process should then close the runner and exit, so its supervisor starts a fresh one.
   */
  onNeedsRestart?: () => void;
}

/**
 * Starts consuming the `runbook` queue: at most `concurrency` runs at once, each in a fresh
 * isolate. The runner holds only Redis connections of its own: one for the worker's
 * blocking commands, one for reports.
 */
export async function startRunner(options: StartRunnerOptions): Promise<RunningRunner> {
  const { config, logger } = options;
  const jobConnection = openRunnerRedis(config.redisUrl, 'runbook-runner', logger);
  const reportConnection = openRunnerRedis(config.redisUrl, 'runbook-runner-reports', logger);
  const reports = createReportSender(reportConnection, config.queuePrefix);
  const cancelAll = new AbortController();
  let active = 0;

  const worker = new Worker<RunbookJobData>(
    RUNBOOK_QUEUE,
    async (job) => {
      active += 1;
      try {
        await processJob(job, { config, logger, reports, signal: cancelAll.signal, options });
      } finally {
        active -= 1;
      }
    },
    {
      connection: jobConnection,
      prefix: config.queuePrefix,
      concurrency: config.concurrency,
      lockDuration: config.lockSeconds * 1000,
      stalledInterval: config.lockSeconds * 1000,
      // A job whose runner died is failed, not run again: the worker decides about retries,
      // because the script itself may be what killed the runner.
      maxStalledCount: 0,
    },
  );
  worker.on('error', (error) => logger.error({ err: error }, 'Runbook runner worker error'));
  await worker.waitUntilReady();
  logger.info(
    {
      queuePrefix: config.queuePrefix,
      concurrency: config.concurrency,
      memoryLimitMb: config.memoryLimitMb,
    },
    'Runbook runner started',
  );

  return {
    activeRuns: () => active,
    async close() {
      const closing = worker.close();
      cancelAll.abort();
      await closing;
      await reports.close();
      await Promise.allSettled([jobConnection.quit(), reportConnection.quit()]);
      logger.info('Runbook runner stopped');
    },
  };
}

interface JobContext {
  config: RunnerConfig;
  logger: Logger;
  reports: ReportSender;
  signal: AbortSignal;
  options: StartRunnerOptions;
}

async function processJob(job: Job<RunbookJobData>, context: JobContext): Promise<void> {
  const parsed = runbookJobSchema.safeParse(job.data);
  const ids = job.data as Partial<RunbookJobData>;
  const logger = context.logger.child({
    jobId: job.id,
    executionId: ids.executionId,
    attempt: ids.attempt,
  });
  if (!parsed.success) {
    logger.error(
      { problem: parsed.error.issues[0]?.message },
      'Invalid runbook job; reported as failed without running it',
    );
    await reportInvalidJob(context.reports, ids, parsed.error.issues[0]?.message ?? 'invalid job');
    return;
  }
  const data = parsed.data;
  const network = networkPolicy(data, context.config);
  if ('error' in network) {
    logger.error(
      { problem: network.error },
      'Invalid runbook job; reported as failed without running it',
    );
    await reportInvalidJob(context.reports, data, network.error);
    return;
  }

  const startedAt = new Date();
  await context.reports.send({
    type: 'started',
    executionId: data.executionId,
    attempt: data.attempt,
    at: startedAt.toISOString(),
  });
  const logs = context.reports.logBatcher(data.executionId, data.attempt);
  const outcome = await runScript({
    script: data.script,
    input: data.input,
    secrets: data.secrets,
    timeoutMs: data.timeoutMs,
    memoryLimitMb: context.config.memoryLimitMb,
    maxOutputBytes: RUNBOOK_LIMITS.maxOutputBytes,
    maxErrorCharacters: RUNBOOK_LIMITS.maxErrorMessageCharacters,
    network,
    maxRequests: MAX_REQUESTS_PER_RUN,
    signal: context.signal,
    onLog: (line) => logs.add(line),
    onCatastrophicError: (message) =>
      logger.error({ message }, 'V8 lost control of a runbook isolate; the runner will restart'),
  });

  await logs.flush();
  await context.reports.send(finishedReport(data, outcome));
  logger.info(
    {
      status: outcome.status,
      code: outcome.error?.code,
      durationMs: outcome.finishedAt.getTime() - outcome.startedAt.getTime(),
    },
    'Runbook run finished',
  );
  if (outcome.processNeedsRestart) context.options.onNeedsRestart?.();
}

function finishedReport(data: RunbookJobData, outcome: RunOutcome) {
  return {
    type: 'finished' as const,
    executionId: data.executionId,
    attempt: data.attempt,
    status:
      outcome.status === 'succeeded'
        ? ('SUCCEEDED' as const)
        : outcome.status === 'timed_out'
          ? ('TIMED_OUT' as const)
          : ('FAILED' as const),
    result: outcome.result,
    error: outcome.error,
    startedAt: outcome.startedAt.toISOString(),
    finishedAt: outcome.finishedAt.toISOString(),
    cpuTimeMs: outcome.cpuTimeMs,
    outputBytes: outcome.outputBytes,
    outputTruncated: outcome.outputTruncated,
  };
}

function networkPolicy(
  data: RunbookJobData,
  config: RunnerConfig,
): NetworkPolicy | { error: string } {
  const parse = (entries: string[]): HostRule[] | { error: string } => {
    const rules: HostRule[] = [];
    for (const entry of entries) {
      const rule = parseHostRule(entry);
      if ('error' in rule) return rule;
      rules.push(rule);
    }
    return rules;
  };
  const allowedHosts = parse(data.network.allowedHosts);
  if ('error' in allowedHosts) return allowedHosts;
  const privateNetworkHosts = parse(data.network.privateNetworkHosts);
  if ('error' in privateNetworkHosts) return privateNetworkHosts;
  return {
    allowedHosts,
    privateNetworkHosts,
    allowedMethods: data.network.allowedMethods.map((method) => method.toUpperCase()),
    maxResponseBytes: config.maxResponseBytes,
    maxRequestBytes: MAX_REQUEST_BYTES,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    maxRedirects: MAX_REDIRECTS,
  };
}

/** Reports a job the runner cannot run, when it names its execution and attempt. */
async function reportInvalidJob(
  reports: ReportSender,
  ids: Partial<Pick<RunbookJobData, 'executionId' | 'attempt'>>,
  problem: string,
): Promise<void> {
  if (typeof ids.executionId !== 'string' || typeof ids.attempt !== 'number') return;
  const now = new Date().toISOString();
  await reports.send({
    type: 'finished',
    executionId: ids.executionId,
    attempt: ids.attempt,
    status: 'FAILED',
    result: null,
    error: {
      code: 'invalid_job',
      message: `The runner could not run this job: ${problem}`.slice(
        0,
        RUNBOOK_LIMITS.maxErrorMessageCharacters,
      ),
      retryable: false,
    },
    startedAt: now,
    finishedAt: now,
    cpuTimeMs: 0,
    outputBytes: 0,
    outputTruncated: false,
  });
}

/**
 * Opens a Redis connection that waits through outages (BullMQ workers require
 * maxRetriesPerRequest: null), logging connection errors at most every 10 seconds.
 */
export function openRunnerRedis(url: string, name: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    connectionName: `pagefree-${name}`,
    maxRetriesPerRequest: null,
    connectTimeout: 5_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let lastLogged = 0;
  redis.on('error', (error) => {
    const now = Date.now();
    if (now - lastLogged > 10_000) {
      lastLogged = now;
      logger.warn({ err: error, connection: name }, 'Redis connection error; reconnecting');
    }
  });
  return redis;
}
