import { runEscalationStep } from '@pagefree/core/escalation/run-escalation-step';
import type { IncidentEventPublisher } from '@pagefree/core/events/incident-events';
import { loadIncidentSummary } from '@pagefree/core/incidents/incident-summary';
import { escalationLateness, escalationSteps } from '@pagefree/core/observability/metrics';
import {
  enqueueEscalationStep,
  enqueueNotifications,
  type PagingQueues,
} from '@pagefree/core/queues/paging-queues';
import type { EscalationJobData } from '@pagefree/core/queues/queue-names';
import type { Clock } from '@pagefree/core/shared/clock';
import type { Db } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import type { Job } from 'bullmq';

export interface EscalationProcessorDeps {
  db: Db;
  clock: Clock;
  queues: PagingQueues;
  events: IncidentEventPublisher;
  logger: Logger;
}

/**
 * Runs one escalation step, then queues its deliveries and the next step. If queueing
 * fails after the step committed, the job fails and BullMQ retries it; the retry finds
 * the step already taken and does nothing, and the sweeper queues the work from the
 * database instead.
 */
export function createEscalationProcessor(deps: EscalationProcessorDeps) {
  return async (job: Job<EscalationJobData>) => {
    const logger = deps.logger.child({ jobId: job.id, incidentId: job.data.incidentId });
    const now = deps.clock.now();
    const outcome = await runEscalationStep(deps.db, job.data, now);
    if (!outcome.ran) {
      escalationSteps.inc({ result: 'stale' });
      logger.debug({ step: job.data.step }, 'Escalation step is stale; skipped');
      return { ran: false };
    }

    await enqueueNotifications(deps.queues, outcome.notificationIds);
    if (outcome.next) {
      await enqueueEscalationStep(
        deps.queues,
        { incidentId: job.data.incidentId, step: outcome.next.step },
        outcome.next.runAt,
        now,
      );
    }
    // How long after its scheduled time the step ran: the paging path's own lateness.
    const lateMs = now.getTime() - (job.timestamp + (job.opts.delay ?? 0));
    escalationSteps.inc({ result: 'ran' });
    escalationLateness.observe(Math.max(0, lateMs) / 1000);
    logger.info(
      { step: job.data.step, notifications: outcome.notificationIds.length, lateMs },
      'Escalation step ran',
    );

    const summary = await loadIncidentSummary(deps.db, job.data.incidentId);
    if (summary) deps.events.publish('incident.updated', summary);
    return { ran: true, notifications: outcome.notificationIds.length };
  };
}
