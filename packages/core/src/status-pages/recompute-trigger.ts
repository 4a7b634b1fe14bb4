import type { IncidentEventName, IncidentSummary } from '@pagefree/contracts';
import type { Logger } from '@pagefree/logger';
import type { IncidentEventPublisher } from '../events/incident-events.ts';
import { withTimeout } from '../runtime/redis.ts';
import type { Clock } from '../shared/clock.ts';
import { addStatusJobs, type StatusQueue } from './status-queue.ts';

/**
 * Wraps an incident event publisher so every incident change also queues a recompute of
 * the status pages that show the incident's service.
 *
 * The recompute is queued without awaiting it, because `publish` runs after the change
 * committed, on the paging path, and must neither wait for nor fail on status work. Queueing
 * has its own 2-second timeout on a Redis connection that paging does not use. A lost
 * request (Redis down) is made up by the worker's status sweeper, which recomputes every
 * page on each run.
 */
export function withStatusRecompute(
  inner: IncidentEventPublisher,
  deps: { statusQueue: StatusQueue; clock: Clock; logger: Logger },
): IncidentEventPublisher {
  let lastWarning = 0;
  const queueRecompute = async (serviceId: string) => {
    try {
      await withTimeout(
        addStatusJobs(
          deps.statusQueue,
          [{ name: 'recompute', data: { pageIds: [], serviceIds: [serviceId] } }],
          deps.clock.now(),
        ),
        2_000,
        'Queueing a status recompute',
      );
    } catch (error) {
      // At most one warning per 10 seconds, because an outage fails every request.
      const now = Date.now();
      if (now - lastWarning > 10_000) {
        lastWarning = now;
        deps.logger.warn(
          { err: error, serviceId },
          'Queueing a status recompute failed; the status sweeper will recompute',
        );
      }
    }
  };

  return {
    publish(name: IncidentEventName, incident: IncidentSummary) {
      inner.publish(name, incident);
      void queueRecompute(incident.service.id);
    },
  };
}
