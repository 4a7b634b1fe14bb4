import type {
  ExecutionFinishedEvent,
  ExecutionLogLine,
  ExecutionStatusEvent,
} from '@pagefree/contracts';
import type { RouterOutputs } from '../../../lib/trpc.ts';

/** An execution as `runbooks.executions.get` returns it, logs and script included. */
export type ExecutionDetail = RouterOutputs['runbooks']['executions']['get'];

const STATUS_RANK: Record<ExecutionDetail['status'], number> = {
  QUEUED: 0,
  RUNNING: 1,
  SUCCEEDED: 2,
  FAILED: 2,
  TIMED_OUT: 2,
  CANCELLED: 2,
};

/**
 * Orders the states one execution passes through. A retry starts a new attempt, which goes
 * back to QUEUED, so the attempt counts before the status.
 */
function progressOf(execution: { attempt: number; status: ExecutionDetail['status'] }) {
  return execution.attempt * 10 + STATUS_RANK[execution.status];
}

/** Merges log lines by (attempt, seq), the key the server numbers them by, in order. */
export function mergeLogLines(
  known: ExecutionLogLine[],
  incoming: ExecutionLogLine[],
): ExecutionLogLine[] {
  const byKey = new Map<string, ExecutionLogLine>();
  for (const line of [...known, ...incoming]) byKey.set(`${line.attempt}:${line.seq}`, line);
  return [...byKey.values()].sort((a, b) => a.attempt - b.attempt || a.seq - b.seq);
}

/**
 * Combines the execution the console shows with a newer read of it. Log lines are united,
 * and when the read is behind the status already shown (a socket event can overtake a
 * request), the further status is kept.
 */
export function mergeExecution(
  current: ExecutionDetail | undefined,
  read: ExecutionDetail,
): ExecutionDetail {
  if (!current || current.id !== read.id) return read;
  const logs = mergeLogLines(current.logs, read.logs);
  if (progressOf(current) <= progressOf(read)) return { ...read, logs };
  return {
    ...read,
    status: current.status,
    attempt: current.attempt,
    error: current.error,
    result: current.result,
    startedAt: current.startedAt,
    finishedAt: current.finishedAt,
    durationMs: current.durationMs,
    outputTruncated: current.outputTruncated,
    logs,
  };
}

/** Applies a queued or running event; an event behind what is current changes nothing. */
export function applyStatusEvent(
  current: ExecutionDetail,
  event: ExecutionStatusEvent,
): ExecutionDetail {
  if (progressOf(event) < progressOf(current)) return current;
  return {
    ...current,
    status: event.status,
    attempt: event.attempt,
    error: event.error,
    startedAt: event.status === 'RUNNING' ? (current.startedAt ?? event.at) : current.startedAt,
  };
}

export function applyFinishedEvent(
  current: ExecutionDetail,
  event: ExecutionFinishedEvent,
): ExecutionDetail {
  if (progressOf(event) < progressOf(current)) return current;
  return {
    ...current,
    status: event.status,
    attempt: event.attempt,
    error: event.error,
    result: event.result,
    outputTruncated: event.outputTruncated,
    finishedAt: event.at,
  };
}
