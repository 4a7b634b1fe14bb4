/**
 * BullMQ queues. `escalation` and `notification` are the paging path: they run in the
 * worker process on Redis connections of their own, so no other kind of job can delay them.
 */
export const QUEUE_NAMES = {
  escalation: 'escalation',
  notification: 'notification',
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
