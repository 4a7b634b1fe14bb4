import { RUNBOOK_QUEUE, type RunbookJobData } from '@pagefree/contracts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** The worker's producer for the runner's `runbook` queue. */
export interface RunnerQueue {
  add(job: RunbookJobData): Promise<void>;
  /** BullMQ's state of an attempt's job: 'active', 'waiting', 'completed', 'failed', 'unknown'... */
  jobState(executionId: string, attempt: number): Promise<string>;
  /** Jobs waiting for a runner slot. */
  backlog(): Promise<number>;
  /** Removes every job still waiting, e.g. after their executions were cancelled. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export function runnerJobId(executionId: string, attempt: number): string {
  return `run-${executionId}-${attempt}`;
}

/**
 * Creates the producer. Jobs carry decrypted secrets, so they are removed from Redis as soon
 * as they complete or fail, and never retried by BullMQ: retries are new jobs that the
 * worker creates from the database after deciding a failure was retryable.
 */
export function createRunnerQueue(connection: Redis, prefix: string): RunnerQueue {
  const queue = new Queue<RunbookJobData>(RUNBOOK_QUEUE, { connection, prefix });
  return {
    async add(job) {
      await queue.add('run', job, {
        jobId: runnerJobId(job.executionId, job.attempt),
        attempts: 1,
        removeOnComplete: true,
        removeOnFail: true,
      });
    },
    jobState: (executionId, attempt) => queue.getJobState(runnerJobId(executionId, attempt)),
    backlog: () => queue.getWaitingCount(),
    drain: () => queue.drain(true),
    close: () => queue.close(),
  };
}
