import { RUNBOOK_RESULTS_QUEUE, type RunReport } from '@pagefree/contracts';
import type { LogLine } from '@pagefree/sandbox';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

const FLUSH_INTERVAL_MS = 200;
const MAX_LINES_PER_REPORT = 100;

/** Sends a run's reports to the worker, in order, over the results queue. */
export interface ReportSender {
  send(report: RunReport): Promise<void>;
  /** Buffers log lines of one attempt and sends them in batches every 200 ms. */
  logBatcher(executionId: string, attempt: number): LogBatcher;
  close(): Promise<void>;
}

export interface LogBatcher {
  add(line: LogLine): void;
  /** Sends what is buffered and waits for every batch sent so far. */
  flush(): Promise<void>;
}

export function createReportSender(connection: Redis, prefix: string): ReportSender {
  const queue = new Queue<RunReport>(RUNBOOK_RESULTS_QUEUE, { connection, prefix });
  let sequence = 0;

  const send = async (report: RunReport) => {
    sequence += 1;
    await queue.add(report.type, report, {
      // Reports hold masked output only; failed ones are kept a while for inspection.
      removeOnComplete: true,
      removeOnFail: 1000,
      attempts: 8,
      backoff: { type: 'exponential', delay: 500 },
      jobId: `report-${report.executionId}-${report.attempt}-${report.type}-${process.pid}-${sequence}`,
    });
  };

  return {
    send,
    logBatcher(executionId, attempt) {
      let buffer: LogLine[] = [];
      let sending: Promise<void> = Promise.resolve();
      let firstError: unknown = null;
      let timer: NodeJS.Timeout | null = null;
      const sendBuffered = () => {
        if (timer) clearTimeout(timer);
        timer = null;
        if (buffer.length === 0) return;
        const lines = buffer;
        buffer = [];
        // Chained, so batches reach the queue in the order they were logged. A failed batch
        // does not stop later ones; flush() reports the first failure.
        sending = sending
          .then(() => send({ type: 'log', executionId, attempt, lines }))
          .catch((error: unknown) => {
            firstError ??= error;
          });
      };
      return {
        add(line) {
          buffer.push(line);
          if (buffer.length >= MAX_LINES_PER_REPORT) sendBuffered();
          else timer ??= setTimeout(sendBuffered, FLUSH_INTERVAL_MS);
        },
        async flush() {
          sendBuffered();
          await sending;
          if (firstError) throw firstError;
        },
      };
    },
    close: () => queue.close(),
  };
}
