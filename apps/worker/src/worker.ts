import type { Agent } from 'node:https';
import type { Config } from '@pagefree/config';
import { sweepPagingWork } from '@pagefree/core/escalation/sweep-paging-work';
import { createAckTokenSigner } from '@pagefree/core/incidents/ack-token';
import {
  createEmailChannel,
  createPushChannel,
  createWebhookChannel,
} from '@pagefree/core/notifications/channels/index';
import type { DeliveryChannels } from '@pagefree/core/notifications/deliver-notification';
import { createPagingQueues } from '@pagefree/core/queues/paging-queues';
import { QUEUE_NAMES } from '@pagefree/core/queues/queue-names';
import { closeRedis, openRedis } from '@pagefree/core/runtime/redis';
import { type Clock, systemClock } from '@pagefree/core/shared/clock';
import type { Db } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import { Worker } from 'bullmq';
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
  close(): Promise<void>;
}

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
    { connection: escalationConnection, prefix: config.queuePrefix, concurrency: 10 },
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
    },
  );
  for (const worker of [escalationWorker, notificationWorker]) {
    worker.on('failed', (job, error) => {
      logger.warn(
        { err: error, jobId: job?.id, queue: worker.name, attemptsMade: job?.attemptsMade },
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
  logger.info({ queuePrefix: config.queuePrefix }, 'Worker started');

  return {
    sweep,
    status,
    runbooks,
    async close() {
      clearInterval(timer);
      await status?.close();
      await runbooks.close();
      // Worker.close waits for jobs in progress to finish, so none is cut off half way.
      await Promise.all([escalationWorker.close(), notificationWorker.close()]);
      await queues.close();
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
