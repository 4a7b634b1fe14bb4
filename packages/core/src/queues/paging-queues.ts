import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type EscalationJobData, type NotificationJobData, QUEUE_NAMES } from './queue-names.ts';

/** Producers for the paging queues, shared by the server (ingestion) and the worker. */
export interface PagingQueues {
  escalation: Queue<EscalationJobData>;
  notification: Queue<NotificationJobData>;
  close(): Promise<void>;
}

// Job ids derive from database state, so adding the same job twice (a retry, the sweeper
// after a restart) is a no-op while the first is still queued. Finished jobs are removed,
// because BullMQ also ignores an id that is kept in the completed or failed set, which would
// block the sweeper from re-adding a job whose work the database still shows as due.
const DONE = { removeOnComplete: true, removeOnFail: true } as const;

export function createPagingQueues(connection: Redis, prefix: string): PagingQueues {
  const escalation = new Queue<EscalationJobData>(QUEUE_NAMES.escalation, { connection, prefix });
  const notification = new Queue<NotificationJobData>(QUEUE_NAMES.notification, {
    connection,
    prefix,
  }); // Connection errors are logged, rate-limited, by the connection's own handler (see
  // openRedis); without a listener BullMQ would print each one to stderr.
  for (const queue of [escalation, notification]) queue.on('error', () => undefined);

  return {
    escalation,
    notification,
    close: async () => {
      await Promise.all([escalation.close(), notification.close()]);
    },
  };
}

export function escalationJobId(incidentId: string, step: number): string {
  return `esc-${incidentId}-${step}`;
}

/** Queues an escalation step to run at `runAt` (at once when that is in the past). */
export async function enqueueEscalationStep(
  queues: PagingQueues,
  job: EscalationJobData,
  runAt: Date,
  now: Date,
): Promise<void> {
  await queues.escalation.add('escalate', job, {
    ...DONE,
    jobId: escalationJobId(job.incidentId, job.step),
    delay: Math.max(0, runAt.getTime() - now.getTime()),
    attempts: 5,
    backoff: { type: 'exponential', delay: 1000 },
  });
}

/** Queues one delivery; retried with exponential backoff (2 s, 4 s, ... 64 s). */
export async function enqueueNotifications(
  queues: PagingQueues,
  notificationIds: string[],
): Promise<void> {
  if (notificationIds.length === 0) return;
  await queues.notification.addBulk(
    notificationIds.map((notificationId) => ({
      name: 'deliver',
      data: { notificationId },
      opts: {
        ...DONE,
        jobId: `notify-${notificationId}`,
        attempts: 7,
        backoff: { type: 'exponential', delay: 2000 },
      },
    })),
  );
}
