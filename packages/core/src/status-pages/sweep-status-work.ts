import type { Db } from '@pagefree/db';
import { pendingStepJobs } from './maintenance/maintenance-schedule.ts';
import { addStatusJobs, type StatusJobRequest, type StatusQueue } from './status-queue.ts';

const SWEEP_BATCH = 1000;
/** Pages per recompute job, so one job stays short. */
const PAGES_PER_JOB = 100;
/** Notices younger than this are left to the job that created them. */
const NOTICE_GRACE_MS = 30_000;

export interface StatusSweepResult {
  pages: number;
  maintenanceSteps: number;
  events: number;
  notices: number;
}

/**
 * Re-queues status work from the database, for work whose job was never queued (Redis
 * down after a commit) or was lost with Redis: a recompute of every page, the pending steps
 * of every open maintenance, fan-out of unannounced events and delivery of pending notices.
 * Job ids derive from the database state, so work already queued is not duplicated, and
 * every job is idempotent, so work already done changes nothing.
 *
 * NOTE: every page is recomputed on each sweep, which costs a few queries per page; a
 * deployment with thousands of pages should recompute only pages whose inputs changed.
 */
export async function sweepStatusWork(
  db: Db,
  queue: StatusQueue,
  now: Date,
): Promise<StatusSweepResult> {
  const jobs: StatusJobRequest[] = [];

  const pages = await db.selectFrom('status_page').select('id').orderBy('id').execute();
  for (let index = 0; index < pages.length; index += PAGES_PER_JOB) {
    const pageIds = pages.slice(index, index + PAGES_PER_JOB).map((page) => page.id);
    jobs.push({ name: 'recompute', data: { pageIds, serviceIds: [] } });
  }

  const maintenances = await db
    .selectFrom('status_maintenance')
    .selectAll()
    .where('state', 'in', ['scheduled', 'in_progress'])
    .orderBy('occurrence_starts_at')
    .limit(SWEEP_BATCH)
    .execute();
  const steps = maintenances.flatMap((row) => pendingStepJobs(row, now));
  jobs.push(...steps);

  const events = await db
    .selectFrom('status_notice_event')
    .select('id')
    .where('fanned_out_at', 'is', null)
    .orderBy('created_at')
    .limit(SWEEP_BATCH)
    .execute();
  jobs.push(
    ...events.map((event): StatusJobRequest => ({ name: 'fan-out', data: { eventId: event.id } })),
  );

  const notices = await db
    .selectFrom('status_notice')
    .select('id')
    .where('status', '=', 'pending')
    .where('created_at', '<', new Date(now.getTime() - NOTICE_GRACE_MS))
    .orderBy('created_at')
    .limit(SWEEP_BATCH)
    .execute();
  jobs.push(
    ...notices.map(
      (notice): StatusJobRequest => ({
        name: 'deliver-notice',
        data: { noticeId: notice.id },
      }),
    ),
  );

  await addStatusJobs(queue, jobs, now);
  return {
    pages: pages.length,
    maintenanceSteps: steps.length,
    events: events.length,
    notices: notices.length,
  };
}
