import { statusPublishLag } from '@pagefree/core/observability/metrics';
import { deleteExpiredPartnerRecords } from '@pagefree/core/partners/audit/delete-expired-partner-records';
import { sendSignInLink } from '@pagefree/core/partners/sign-in/send-sign-in-link';
import { runMaintenanceStep } from '@pagefree/core/status-pages/maintenance/run-maintenance-step';
import {
  type DeliverNoticeDeps,
  deliverNotice,
} from '@pagefree/core/status-pages/notices/deliver-notice';
import { fanOutNoticeEvent } from '@pagefree/core/status-pages/notices/fan-out-notice-event';
import { sendSubscriptionConfirmation } from '@pagefree/core/status-pages/notices/send-confirmation';
import { pagesToRecompute } from '@pagefree/core/status-pages/snapshots/pages-to-recompute';
import {
  type PublishSnapshotDeps,
  publishPageSnapshot,
} from '@pagefree/core/status-pages/snapshots/publish-snapshot';
import {
  addStatusJobs,
  type StatusJob,
  type StatusJobData,
  type StatusJobName,
  type StatusQueue,
} from '@pagefree/core/status-pages/status-queue';
import type { Job } from 'bullmq';
import { createCoalescedRecompute } from './status-recompute.ts';

export interface StatusProcessorDeps extends DeliverNoticeDeps {
  queue: StatusQueue;
  publish: PublishSnapshotDeps;
}

/**
 * Runs one job of the `status` queue. Every job is idempotent and reads its state from the
 * database, so retries, duplicates from the sweeper and jobs that outlived their subject
 * are harmless. A thrown error makes BullMQ retry with the job's backoff.
 */
export function createStatusProcessor(deps: StatusProcessorDeps) {
  const recompute = createCoalescedRecompute((pageId) => publishPageSnapshot(deps.publish, pageId));

  return async (job: Job<StatusJobData, unknown, StatusJobName>) => {
    const request = { name: job.name, data: job.data } as StatusJob;
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const logger = deps.logger.child({ jobId: job.id, job: job.name });

    switch (request.name) {
      case 'recompute': {
        const pageIds = await pagesToRecompute(deps.db, request.data);
        await Promise.all(pageIds.map((pageId) => recompute(pageId)));
        if (pageIds.length > 0) {
          // From the change that requested the recompute to its snapshots being published.
          statusPublishLag.observe(
            Math.max(0, Date.now() - (job.timestamp + (job.opts.delay ?? 0))) / 1000,
          );
        }
        return { pages: pageIds.length };
      }
      case 'unpublish': {
        await deps.publish.publisher.unpublish(request.data.slug, request.data.pageId);
        return { slug: request.data.slug };
      }
      case 'maintenance-step': {
        const outcome = await runMaintenanceStep(deps, {
          maintenanceId: request.data.maintenanceId,
          occurrenceStartsAt: new Date(request.data.occurrenceStartsAt),
          step: request.data.step,
        });
        if (outcome.kind === 'early') {
          // Retried with the job's backoff; the due time is checked again then.
          throw new Error(`Maintenance step ran ${outcome.dueInMs} ms early; retrying`);
        }
        if (outcome.kind === 'done') {
          await addStatusJobs(deps.queue, outcome.jobs, deps.clock.now());
          logger.info(
            { maintenanceId: request.data.maintenanceId, step: request.data.step },
            'Maintenance step taken',
          );
        }
        return { outcome: outcome.kind };
      }
      case 'fan-out': {
        const noticeIds = await fanOutNoticeEvent(deps.db, request.data.eventId, deps.clock.now());
        await addStatusJobs(
          deps.queue,
          noticeIds.map((noticeId) => ({ name: 'deliver-notice', data: { noticeId } })),
          deps.clock.now(),
        );
        return { notices: noticeIds.length };
      }
      case 'deliver-notice': {
        const outcome = await deliverNotice(
          { ...deps, logger: logger.child({ noticeId: request.data.noticeId }) },
          request.data.noticeId,
          { finalAttempt },
        );
        return { outcome };
      }
      case 'send-confirmation': {
        const outcome = await sendSubscriptionConfirmation(deps, request.data.subscriberId, {
          finalAttempt,
        });
        if (outcome === 'failed') {
          logger.warn({ subscriberId: request.data.subscriberId }, 'Confirmation email failed');
        }
        return { outcome };
      }
      case 'partner-sign-in-link': {
        const outcome = await sendSignInLink(deps, request.data, { finalAttempt });
        return { outcome };
      }
      case 'partner-cleanup': {
        const deleted = await deleteExpiredPartnerRecords(deps.db, deps.clock.now());
        logger.info(deleted, 'Expired partner records deleted');
        return deleted;
      }
      default:
        return request satisfies never;
    }
  };
}
