import type { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import { withTimeout } from '../runtime/redis.ts';
import { metricsRegistry } from './metrics.ts';

const STATES = ['waiting', 'delayed', 'active', 'prioritized', 'failed'] as const;
/** A scrape must not hang on an unreachable Redis; gauges keep their last values then. */
const COLLECT_TIMEOUT_MS = 1_000;

const watched = new Set<Queue>();

const queueJobs = new Gauge({
  name: 'pagefree_queue_jobs',
  help: 'Jobs in each BullMQ queue, by state (waiting, delayed, active, prioritized, failed).',
  labelNames: ['queue', 'state'] as const,
  registers: [metricsRegistry],
  async collect() {
    await Promise.all([...watched].map((queue) => collectCounts(queue)));
  },
});

const queueOldestWaiting = new Gauge({
  name: 'pagefree_queue_oldest_waiting_seconds',
  help: 'How long the oldest job ready to run has waited since it was first due, per queue; 0 when none waits. A retried job counts from its first due time.',
  labelNames: ['queue'] as const,
  registers: [metricsRegistry],
  async collect() {
    await Promise.all([...watched].map((queue) => collectOldest(queue)));
  },
});

/**
 * Reports a queue's depth per state and the age of its oldest waiting job on every scrape,
 * until the returned function is called. Queues with the same name (several producers in
 * one process) report once, from whichever was watched last.
 *
 * @example
 * const unwatch = watchQueueMetrics(queues.escalation);
 * // ... on close:
 * unwatch();
 */
export function watchQueueMetrics(...queues: Queue[]): () => void {
  for (const queue of queues) {
    for (const existing of watched) {
      if (existing.name === queue.name) watched.delete(existing);
    }
    watched.add(queue);
  }
  return () => {
    for (const queue of queues) watched.delete(queue);
  };
}

async function collectCounts(queue: Queue): Promise<void> {
  try {
    const counts = await withTimeout(
      queue.getJobCounts(...STATES),
      COLLECT_TIMEOUT_MS,
      'Queue counts',
    );
    for (const state of STATES) {
      queueJobs.set({ queue: queue.name, state }, counts[state] ?? 0);
    }
  } catch {
    // Redis is unreachable; the previous values stay until it responds again.
  }
}

async function collectOldest(queue: Queue): Promise<void> {
  try {
    const [oldest] = await withTimeout(
      queue.getJobs('wait', 0, 0, true),
      COLLECT_TIMEOUT_MS,
      'Oldest job',
    );
    const dueAt = oldest ? oldest.timestamp + (oldest.opts.delay ?? 0) : Date.now();
    queueOldestWaiting.set({ queue: queue.name }, Math.max(0, (Date.now() - dueAt) / 1000));
  } catch {
    // As above: keep the last value while Redis is unreachable.
  }
}
