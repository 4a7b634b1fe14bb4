import type { Config } from '@pagefree/config';
import { RUNBOOK_RESULTS_QUEUE } from '@pagefree/contracts';
import type { EncryptionKeys } from '@pagefree/core/crypto/secret-box';
import { runbookRunsFinished } from '@pagefree/core/observability/metrics';
import { dispatchQueuedExecutions } from '@pagefree/core/runbooks/dispatch-executions';
import { reconcileExecutions } from '@pagefree/core/runbooks/reconcile-executions';
import type { RunbookEventPublisher } from '@pagefree/core/runbooks/runbook-events';
import { createRunnerQueue } from '@pagefree/core/runbooks/runner-queue';
import { scanRunbookRules } from '@pagefree/core/runbooks/scan-rules';
import type { RunbookWorkerDeps } from '@pagefree/core/runbooks/worker-deps';
import { openRedis } from '@pagefree/core/runtime/redis';
import type { Clock } from '@pagefree/core/shared/clock';
import type { Db } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import { Worker } from 'bullmq';
import { createEmitterRunbookPublisher } from './runbook-event-publisher.ts';
import { createRunbookResultsProcessor } from './runbook-results.processor.ts';

export interface RunbookAutomation {
  /** One pass of rule evaluation and dispatch; tests call it instead of waiting. */
  scan(): Promise<void>;
  /** One pass of the lost-run and circuit checks; tests call it instead of waiting. */
  reconcile(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the worker's half of runbook automation, on Redis connections of its own so nothing
 * here can hold up paging. A timer evaluates rules and hands queued runs to the runner. A
 * second timer ends runs the runner lost. A BullMQ worker stores the runner's reports. The
 * worker never runs a script.
 */
export function startRunbookAutomation(options: {
  config: Config;
  db: Db;
  logger: Logger;
  clock: Clock;
  encryptionKeys: EncryptionKeys;
}): RunbookAutomation {
  const { config, logger } = options;
  const producer = openRedis(config.redisUrl, 'producer', logger);
  const resultsConnection = openRedis(config.redisUrl, 'worker', logger);
  const pub = openRedis(config.redisUrl, 'pubsub', logger);
  const deps: RunbookWorkerDeps = {
    db: options.db,
    clock: options.clock,
    logger: logger.child({ component: 'runbooks' }),
    encryptionKeys: options.encryptionKeys,
    queue: createRunnerQueue(producer, config.queuePrefix),
    events: countRunOutcomes(createEmitterRunbookPublisher(pub, `${config.queuePrefix}:socket.io`)),
    settings: config.runbooks,
  };

  // One report at a time, so a run's reports are stored in the order the runner sent them,
  // and the shared database pool stays free for paging.
  const resultsWorker = new Worker(RUNBOOK_RESULTS_QUEUE, createRunbookResultsProcessor(deps), {
    connection: resultsConnection,
    prefix: config.queuePrefix,
    concurrency: 1,
  });
  resultsWorker.on('failed', (job, error) => {
    deps.logger.warn(
      { err: error, jobId: job?.id, attemptsMade: job?.attemptsMade },
      'Storing a runbook report failed',
    );
  });
  resultsWorker.on('error', (error) =>
    deps.logger.error({ err: error }, 'Runbook results worker error'),
  );

  const scan = exclusive(async () => {
    try {
      await scanRunbookRules(deps);
      await dispatchQueuedExecutions(deps);
    } catch (error) {
      deps.logger.warn({ err: error }, 'Runbook scan failed; retrying on the next tick');
    }
  });
  const reconcile = exclusive(async () => {
    try {
      await reconcileExecutions(deps);
    } catch (error) {
      deps.logger.warn({ err: error }, 'Runbook reconciliation failed; retrying on the next tick');
    }
  });
  const scanTimer = setInterval(scan, config.runbooks.scanIntervalMs);
  const reconcileTimer = setInterval(reconcile, config.runbooks.reconcileSeconds * 1000);
  scanTimer.unref();
  reconcileTimer.unref();

  return {
    scan,
    reconcile,
    async close() {
      clearInterval(scanTimer);
      clearInterval(reconcileTimer);
      await resultsWorker.close();
      await deps.queue.close();
      await Promise.allSettled([producer.quit(), resultsConnection.quit(), pub.quit()]);
    },
  };
}

/**
 * Counts every run that reaches a final status in `pagefree_runbook_runs_finished_total`:
 * both reports from the runner and runs the reconciler ends as lost go through
 * `executionFinished`.
 */
function countRunOutcomes(events: RunbookEventPublisher): RunbookEventPublisher {
  return {
    ...events,
    executionFinished(event) {
      runbookRunsFinished.inc({ status: event.status });
      events.executionFinished(event);
    },
  };
}

/** Wraps a task so that a tick arriving while it still runs waits for that run instead of overlapping. */
function exclusive(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  return () => {
    running ??= task().finally(() => {
      running = null;
    });
    return running;
  };
}
