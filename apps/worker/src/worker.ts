import type { Agent } from 'node:https';
import type { Config } from '@pagefree/config';
import {
  type SecretRotationJob,
  startSecretRotation,
} from '@pagefree/core/crypto/rotate-secrets-job';
import { sweepPagingWork } from '@pagefree/core/escalation/sweep-paging-work';
import { createAckTokenSigner } from '@pagefree/core/incidents/ack-token';
import {
  createEmailChannel,
  createPushChannel,
  createWebhookChannel,
} from '@pagefree/core/notifications/channels/index';
import type { DeliveryChannels } from '@pagefree/core/notifications/deliver-notification';
import { checkDatabase, checkRedis } from '@pagefree/core/observability/checks';
import { type OpsServer, startOpsServer } from '@pagefree/core/observability/ops-server';
import { watchQueueMetrics } from '@pagefree/core/observability/queue-metrics';
import { createPagingQueues } from '@pagefree/core/queues/paging-queues';
import { QUEUE_NAMES } from '@pagefree/core/queues/queue-names';
import { closeRedis, openRedis } from '@pagefree/core/runtime/redis';
import { type Clock, systemClock } from '@pagefree/core/shared/clock';
import type { Db } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import { Queue, Worker } from 'bullmq';
import { createEmitterIncidentPublisher } from './emitter-incident-publisher.ts';
import { createEscalationProcessor } from './escalation.processor.ts';
import { createNotificationProcessor } from './notification.processor.ts';
import { type RunbookAutomation, startRunbookAutomation } from './runbook-automation.ts';
import { type StatusWork, startStatusWork } from './status-worker.ts';

export interface StartWorkerOptions {
  config: Config;
  db: Db;
  logger: Logger;
  clock?: Clock;
  /** HTTPS agent for push services; tests pass one that trusts their local push service. */
  pushAgent?: Agent;
}

export interface RunningWorker {
  /** Runs the sweeper once now; tests call it instead of waiting for the timer. */
  sweep(): Promise<void>;
  /** Status page work on the `status` queue; null when STATUS_PUBLIC_URL is missing. */
  status: StatusWork | null;
  /** Runbook dispatch, rules, report storage and lost-run checks. The runner runs the scripts. */
  runbooks: RunbookAutomation;
  /** Background re-encryption of stored secrets while previous encryption keys are configured. */
  secretRotation: SecretRotationJob;
  /** Base URL of /healthz, /readyz and /metrics when WORKER_METRICS_PORT is set, else null. */
  opsUrl: string | null;
  close(): Promise<void>;
}

/**
 * Lock settings of the paging workers. A job's lock is renewed every half lock while it
 * runs; when a worker dies, another worker's stall check (every 5 s) finds the expired lock
 * and runs the job again, so a crash delays a page by at most about 15 s instead of BullMQ's
 * default of up to a minute.
 */
const PAGING_LOCK = { lockDuration: 10_000, stalledInterval: 5_000 } as const;

/**
 * Starts the paging workers: `escalation` (one step per job) and `notification` (one
 * delivery per job), each on a Redis connection of its own, plus the sweeper that rebuilds
 * due work from the database at start and then periodically.
 */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const { config, db, logger } = options;
  const clock = options.clock ?? systemClock;

  const producer = openRedis(config.redisUrl, 'producer', logger);
  const escalationConnection = openRedis(config.redisUrl, 'worker', logger);
  const notificationConnection = openRedis(config.redisUrl, 'worker', logger);
  const pub = openRedis(config.redisUrl, 'pubsub', logger);
  const queues = createPagingQueues(producer, config.queuePrefix);
  const events = createEmitterIncidentPublisher(pub, `${config.queuePrefix}:socket.io`);

  const channels: DeliveryChannels = {
    push: createPushChannel({
      vapid: config.vapid,
      allowPrivateNetworkTargets: config.allowPrivateNetworkTargets,
      ...(options.pushAgent && { agent: options.pushAgent }),
    }),
    email: config.smtp
      ? createEmailChannel({ smtpUrl: config.smtp.url, from: config.smtp.from })
      : null,
    webhook: createWebhookChannel({
      allowPrivateNetworkTargets: config.allowPrivateNetworkTargets,
    }),
  };

  const escalationWorker = new Worker(
    QUEUE_NAMES.escalation,
    createEscalationProcessor({ db, clock, queues, events, logger }),
    {
      connection: escalationConnection,
      prefix: config.queuePrefix,
      concurrency: 10,
      ...PAGING_LOCK,
    },
  );
  const notificationWorker = new Worker(
    QUEUE_NAMES.notification,
    createNotificationProcessor({
      db,
      clock,
      channels,
      encryptionKeys: config.encryption,
      ackTokens: createAckTokenSigner(config.encryption.current.key),
      publicUrl: config.publicUrl,
      logger,
    }),
    {
      connection: notificationConnection,
      prefix: config.queuePrefix,
      concurrency: config.notificationConcurrency,
      ...PAGING_LOCK,
    },
  );
  for (const worker of [escalationWorker, notificationWorker]) {
    worker.on('failed', (job, error) => {
      const data = job?.data as { incidentId?: string; notificationId?: string } | undefined;
      logger.warn(
        {
          err: error,
          jobId: job?.id,
          queue: worker.name,
          attemptsMade: job?.attemptsMade,
          incidentId: data?.incidentId,
          notificationId: data?.notificationId,
        },
        'Job attempt failed',
      );
    });
    worker.on('error', (error) => logger.error({ err: error, queue: worker.name }, 'Worker error'));
  }

  let sweeping = false;
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      const result = await sweepPagingWork(db, queues, clock.now());
      if (result.escalations || result.notifications) {
        logger.debug(result, 'Sweeper checked due paging work');
      }
    } catch (error) {
      logger.warn({ err: error }, 'Sweeping paging work failed; retrying on the next tick');
    } finally {
      sweeping = false;
    }
  };
  await sweep();
  const timer = setInterval(sweep, config.escalationSweepSeconds * 1000);
  timer.unref();
  const status = await startStatusWork({ config, db, logger, clock });
  const runbooks = startRunbookAutomation({
    config,
    db,
    logger,
    clock,
    encryptionKeys: config.encryption,
  });
  const secretRotation = startSecretRotation({ db, keys: config.encryption, logger });

  // Queue depth and age of every queue, read through the producer connection on each scrape.
  const observedQueues = Object.values(QUEUE_NAMES).map(
    (name) => new Queue(name, { connection: producer, prefix: config.queuePrefix }),
  );
  for (const queue of observedQueues) queue.on('error', () => undefined);
  const unwatchQueues = watchQueueMetrics(...observedQueues);
  let ops: OpsServer | null = null;
  if (config.workerMetricsPort !== null) {
    ops = await startOpsServer({
      host: config.host,
      port: config.workerMetricsPort,
      metricsToken: config.metricsToken,
      checks: { database: () => checkDatabase(db), redis: () => checkRedis(producer) },
      // Paging needs both: jobs come from Redis and their state from the database.
      required: ['database', 'redis'],
      logger,
    });
  }
  logger.info({ queuePrefix: config.queuePrefix }, 'Worker started');

  return {
    sweep,
    status,
    runbooks,
    secretRotation,
    opsUrl: ops?.url ?? null,
    /**
     * Stops gracefully: readiness turns 503, timers stop, and each BullMQ worker stops taking
     * jobs and waits for the ones in progress, so a rolling restart neither cuts a page off
     * nor runs it twice. Connections close last.
     */
    async close() {
      ops?.markStopping();
      clearInterval(timer);
      unwatchQueues();
      await secretRotation.close();
      await status?.close();
      await runbooks.close();
      // Worker.close waits for jobs in progress to finish, so none is cut off half way.
      await Promise.all([escalationWorker.close(), notificationWorker.close()]);
      await queues.close();
      await Promise.allSettled(observedQueues.map((queue) => queue.close()));
      await ops?.close();
      channels.email?.close();
      await Promise.allSettled([
        closeRedis(producer),
        closeRedis(escalationConnection),
        closeRedis(notificationConnection),
        closeRedis(pub),
      ]);
      logger.info('Worker stopped');
    },
  };
}
