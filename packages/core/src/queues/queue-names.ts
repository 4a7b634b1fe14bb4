import { RUNBOOK_QUEUE, RUNBOOK_RESULTS_QUEUE } from '@pagefree/contracts';

/**
 * BullMQ queues. `escalation` and `notification` are the paging path: they run in the
 * worker process on Redis connections of their own, so no other kind of job can delay them.
 */
export const QUEUE_NAMES = {
  escalation: 'escalation',
  notification: 'notification',
  /** Status pages: recompute and publish, maintenance windows, subscriber notices. */
  status: 'status',
  /** Runbook runs, consumed only by the runbook runner process. */
  runbook: RUNBOOK_QUEUE,
  /** The runner's reports on each run, stored by the worker. */
  runbookResults: RUNBOOK_RESULTS_QUEUE,
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export interface EscalationJobData {
  incidentId: string;
  /** The incident's `escalation_step` this job was scheduled for; a stale job does nothing. */
  step: number;
}

export interface NotificationJobData {
  notificationId: string;
}
