import type { Db } from '@pagefree/db';
import {
  enqueueEscalationStep,
  enqueueNotifications,
  type PagingQueues,
} from '../queues/paging-queues.ts';

const SWEEP_BATCH = 1000;

export interface SweepResult {
  escalations: number;
  notifications: number;
}

/**
 * Re-queues paging work that the database says is due, from its own state: each triggered
 * incident's next escalation step and each pending notification. Job ids are derived from
 * that state, so work already queued is not duplicated.
 *
 * The worker runs this at start (rebuilding jobs lost with Redis or never queued because
 * Redis was down when the alert arrived) and then on a timer.
 */
export async function sweepPagingWork(
  db: Db,
  queues: PagingQueues,
  now: Date,
): Promise<SweepResult> {
  const incidents = await db
    .selectFrom('incident')
    .select(['id', 'escalation_step', 'next_escalation_at'])
    .where('status', '=', 'triggered')
    .where('next_escalation_at', 'is not', null)
    .orderBy('next_escalation_at')
    .limit(SWEEP_BATCH)
    .execute();
  for (const incident of incidents) {
    await enqueueEscalationStep(
      queues,
      { incidentId: incident.id, step: incident.escalation_step },
      incident.next_escalation_at!,
      now,
    );
  }

  const pending = await db
    .selectFrom('notification')
    .select('id')
    .where('status', '=', 'pending')
    .orderBy('created_at')
    .limit(SWEEP_BATCH)
    .execute();
  await enqueueNotifications(
    queues,
    pending.map((row) => row.id),
  );

  return { escalations: incidents.length, notifications: pending.length };
}
