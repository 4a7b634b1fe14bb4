import type { Config } from '@pagefree/config';
import { QUEUE_NAMES } from '@pagefree/core/queues/queue-names';
import { openRedis } from '@pagefree/core/runtime/redis';
import type { Clock } from '@pagefree/core/shared/clock';
import { createSubscriberMailer } from '@pagefree/core/status-pages/notices/subscriber-mailer';
import { createSubscriberWebhookSender } from '@pagefree/core/status-pages/notices/subscriber-webhook';
import { createRedisSnapshotPublisher } from '@pagefree/core/status-pages/snapshots/redis-snapshot-publisher';
import { createStatusQueue, type StatusQueue } from '@pagefree/core/status-pages/status-queue';
import { createSubscriberTokens } from '@pagefree/core/status-pages/subscribers/subscriber-tokens';
import { sweepStatusWork } from '@pagefree/core/status-pages/sweep-status-work';
import type { Db } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import { Worker } from 'bullmq';
import { createStatusProcessor } from './status-jobs.processor.ts';

export interface StatusWork {
  queue: StatusQueue;
  /** Runs the status sweeper once now; tests call it instead of waiting for the timer. */
  sweep(): Promise<void>;
  close(): Promise<void>;
}

/** Jobs of the status queue run at the same time; recomputes of one page never overlap. */
const STATUS_CONCURRENCY = 8;
/** How often the repeatable job deletes partner audit events past their 90-day retention. */
const PARTNER_CLEANUP_EVERY_MS = 6 * 3_600_000;

/**
 * Starts the `status` queue worker (recompute and publish snapshots, maintenance steps,
 * subscriber notices) and its sweeper. It uses Redis connections of its own and shares
 * nothing with the paging workers but the database pool, so status work cannot delay a
 * page. Returns null, after logging why, when STATUS_PUBLIC_URL is unset in production:
 * notices would link to the wrong place, and paging must start anyway.
 */
export async function startStatusWork(options: {
  config: Config;
  db: Db;
  logger: Logger;
  clock: Clock;
}): Promise<StatusWork | null> {
  const { config, db, clock } = options;
  const logger = options.logger.child({ queue: QUEUE_NAMES.status });
  if (!config.statusPublicUrl) {
    logger.error(
      'STATUS_PUBLIC_URL is not set; status pages are not published and no status notices are sent',
    );
    return null;
  }

  const producer = openRedis(config.redisUrl, 'producer', logger);
  const connection = openRedis(config.redisUrl, 'worker', logger);
  const queue = createStatusQueue(producer, config.queuePrefix);
  const mailer = config.smtp
    ? createSubscriberMailer({ smtpUrl: config.smtp.url, from: config.smtp.from })
    : null;

  const worker = new Worker(
    QUEUE_NAMES.status,
    createStatusProcessor({
      db,
      clock,
      logger,
      queue,
      mailer,
      webhooks: createSubscriberWebhookSender({
        allowPrivateNetworkTargets: config.allowPrivateNetworkTargets,
      }),
      tokens: createSubscriberTokens(config.encryption),
      encryptionKeys: config.encryption,
      statusSiteUrl: config.statusPublicUrl,
      publish: {
        db,
        clock,
        publisher: createRedisSnapshotPublisher(producer, config.queuePrefix),
        statusSiteUrl: config.statusPublicUrl,
      },
    }),
    { connection, prefix: config.queuePrefix, concurrency: STATUS_CONCURRENCY },
  );
  worker.on('failed', (job, error) => {
    logger.warn(
      { err: error, jobId: job?.id, job: job?.name, attemptsMade: job?.attemptsMade },
      'Status job attempt failed',
    );
  });
  worker.on('error', (error) => logger.error({ err: error }, 'Status worker error'));

  let sweeping = false;
  let cleanupScheduled = false;
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      if (!cleanupScheduled) {
        // One schedule per installation: every worker process upserts the same id, and the
        // job is idempotent. Retried on each sweep until Redis accepts it.
        await queue.upsertJobScheduler(
          'partner-cleanup',
          { every: PARTNER_CLEANUP_EVERY_MS },
          {
            name: 'partner-cleanup',
            data: {},
            opts: { removeOnComplete: true, removeOnFail: true },
          },
        );
        cleanupScheduled = true;
      }
      const result = await sweepStatusWork(db, queue, clock.now());
      logger.debug(result, 'Status sweeper queued work');
    } catch (error) {
      logger.warn({ err: error }, 'Status sweep failed; retrying on the next tick');
    } finally {
      sweeping = false;
    }
  };
  await sweep();
  const timer = setInterval(sweep, config.statusSweepSeconds * 1000);
  timer.unref();

  return {
    queue,
    sweep,
    async close() {
      clearInterval(timer);
      await worker.close();
      await queue.close();
      mailer?.close();
      await Promise.allSettled([producer.quit(), connection.quit()]);
    },
  };
}
