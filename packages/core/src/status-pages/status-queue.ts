import type { Logger } from '@pagefree/logger';
import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE_NAMES } from '../queues/queue-names.ts';
import { withTimeout } from '../runtime/redis.ts';

export type MaintenanceStep = 'remind' | 'start' | 'end';

/** Jobs of the `status` queue. Each is idempotent: running one twice changes nothing more. */
export type StatusJob =
  /** Recomputes and publishes the pages listed, and the pages showing any listed service. */
  | { name: 'recompute'; data: { pageIds: string[]; serviceIds: string[] } }
  /** Removes a deleted page, or a page's old slug, from the status site. */
  | { name: 'unpublish'; data: { slug: string; pageId: string } }
  | {
      name: 'maintenance-step';
      /** `dueAt` is when the step should run; a step whose due time moved gets a new job. */
      data: {
        maintenanceId: string;
        occurrenceStartsAt: string;
        step: MaintenanceStep;
        dueAt: string;
      };
    }
  /** Creates one notice per matching subscriber for a notice event. */
  | { name: 'fan-out'; data: { eventId: string } }
  | { name: 'deliver-notice'; data: { noticeId: string } }
  | { name: 'send-confirmation'; data: { subscriberId: string } }
  /** Emails a partner's magic sign-in link if the address has access to the page. */
  | {
      name: 'partner-sign-in-link';
      data: { slug: string; email: string; ip: string | null; userAgent: string | null };
    }
  /** Deletes partner audit events past retention and expired sign-in links and sessions. */
  | { name: 'partner-cleanup'; data: Record<string, never> };

export type StatusJobName = StatusJob['name'];
export type StatusJobData = StatusJob['data'];

/** A job to add, optionally delayed until `runAt`. */
export type StatusJobRequest = StatusJob & { runAt?: Date };

export type StatusQueue = Queue<StatusJobData, unknown, StatusJobName>;

// Finished jobs are removed, so a deterministic job id can be added again later (as the
// sweeper does); while a job with the same id waits, adding it again is a no-op.
const DONE = { removeOnComplete: true, removeOnFail: true } as const;

export function createStatusQueue(connection: Redis, prefix: string): StatusQueue {
  return new Queue<StatusJobData, unknown, StatusJobName>(QUEUE_NAMES.status, {
    connection,
    prefix,
  });
}

function jobOptions(job: StatusJobRequest, now: Date): JobsOptions {
  const delay = job.runAt ? Math.max(0, job.runAt.getTime() - now.getTime()) : 0;
  switch (job.name) {
    case 'recompute':
      return { ...DONE, attempts: 3, backoff: { type: 'exponential', delay: 500 } };
    case 'unpublish':
      return { ...DONE, attempts: 5, backoff: { type: 'exponential', delay: 1000 } };
    case 'maintenance-step': {
      const occurrence = Date.parse(job.data.occurrenceStartsAt);
      const due = Date.parse(job.data.dueAt);
      return {
        ...DONE,
        jobId: `maintenance-${job.data.maintenanceId}-${occurrence}-${job.data.step}-${due}`,
        delay,
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
      };
    }
    case 'fan-out':
      return {
        ...DONE,
        jobId: `fan-out-${job.data.eventId}`,
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
      };
    case 'deliver-notice':
      return {
        ...DONE,
        jobId: `notice-${job.data.noticeId}`,
        attempts: 6,
        backoff: { type: 'exponential', delay: 2000 },
      };
    case 'send-confirmation':
      return { ...DONE, attempts: 5, backoff: { type: 'exponential', delay: 2000 } };
    case 'partner-sign-in-link':
      // Few attempts, close together: the link is valid for 15 minutes only.
      return { ...DONE, attempts: 3, backoff: { type: 'exponential', delay: 2000 } };
    case 'partner-cleanup':
      return { ...DONE, attempts: 3, backoff: { type: 'exponential', delay: 60_000 } };
    default:
      return job satisfies never;
  }
}

/** Adds jobs to the status queue in one round trip. */
export async function addStatusJobs(
  queue: StatusQueue,
  jobs: readonly StatusJobRequest[],
  now: Date,
): Promise<void> {
  if (jobs.length === 0) return;
  await queue.addBulk(
    jobs.map((job) => ({ name: job.name, data: job.data, opts: jobOptions(job, now) })),
  );
}

export interface StatusWorkDeps {
  /** Null where no queue is wired (some tests); the status sweeper then does the work. */
  statusQueue: StatusQueue | null;
  logger: Logger;
}

/**
 * Queues status work after a committed change. A failure is logged and not thrown: the
 * change is already stored, and the worker's status sweeper recomputes pages, fans out
 * events and delivers notices from the database on its next run.
 */
export async function requestStatusWork(
  deps: StatusWorkDeps,
  jobs: readonly StatusJobRequest[],
  now: Date,
): Promise<void> {
  if (!deps.statusQueue || jobs.length === 0) return;
  try {
    await withTimeout(addStatusJobs(deps.statusQueue, jobs, now), 2_000, 'Queueing status work');
  } catch (error) {
    deps.logger.warn(
      { err: error, jobs: jobs.map((job) => job.name) },
      'Queueing status work failed; the status sweeper will do it',
    );
  }
}
