import {
  type DeliverDeps,
  deliverNotification,
} from '@pagefree/core/notifications/deliver-notification';
import type { NotificationJobData } from '@pagefree/core/queues/queue-names';
import type { Job } from 'bullmq';

/**
 * Delivers one notification. A retryable failure throws, so BullMQ retries with backoff;
 * the last attempt records the notification as failed instead of throwing.
 */
export function createNotificationProcessor(deps: DeliverDeps) {
  return async (job: Job<NotificationJobData>) => {
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await deliverNotification(
      {
        ...deps,
        logger: deps.logger.child({ jobId: job.id, notificationId: job.data.notificationId }),
      },
      job.data.notificationId,
      { finalAttempt },
    );
    return { outcome };
  };
}
