import { z } from 'zod';
import type { SocketRateLimitEvents } from './socket-events.ts';

/** Namespace for live runbook runs; clients watch one execution at a time by id. */
export const RUNBOOKS_NAMESPACE = '/runbooks';

export const runbookExecutionStatusSchema = z.enum([
  'QUEUED',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'CANCELLED',
]);
export type RunbookExecutionStatusName = z.infer<typeof runbookExecutionStatusSchema>;

export const executionLogLineSchema = z.object({
  attempt: z.number().int(),
  /** Position within the attempt; clients order and de-duplicate lines by (attempt, seq). */
  seq: z.number().int(),
  level: z.enum(['info', 'warn', 'error']),
  /** Masked: known secret values and credential formats are replaced before storage. */
  message: z.string(),
  at: z.string(),
});
export type ExecutionLogLine = z.infer<typeof executionLogLineSchema>;

export const executionErrorSchema = z.object({ code: z.string(), message: z.string() });

/** An execution as the console shows it. Dates are ISO 8601 strings. */
export const runbookExecutionSchema = z.object({
  id: z.uuid(),
  runbookId: z.uuid(),
  runbookName: z.string(),
  versionId: z.uuid(),
  version: z.number().int(),
  incidentId: z.uuid(),
  incidentNumber: z.number().int(),
  incidentTitle: z.string(),
  teamId: z.uuid(),
  trigger: z.object({
    type: z.enum(['manual', 'rule', 'dry_run', 'rerun']),
    userId: z.uuid().nullable(),
    ruleId: z.uuid().nullable(),
    rerunOf: z.uuid().nullable(),
  }),
  dryRun: z.boolean(),
  status: runbookExecutionStatusSchema,
  attempt: z.number().int(),
  maxAttempts: z.number().int(),
  parameters: z.record(z.string(), z.unknown()),
  timeoutSeconds: z.number().int(),
  queuedAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  cpuTimeMs: z.number().int().nullable(),
  /** The script's masked return value. */
  result: z.unknown(),
  error: executionErrorSchema.nullable(),
  outputBytes: z.number().int(),
  outputTruncated: z.boolean(),
});
export type RunbookExecutionView = z.infer<typeof runbookExecutionSchema>;

/** An execution with the exact script it ran and its log lines, for the execution view. */
export const runbookExecutionDetailSchema = runbookExecutionSchema.extend({
  script: z.string(),
  logs: z.array(executionLogLineSchema),
});
export type RunbookExecutionDetail = z.infer<typeof runbookExecutionDetailSchema>;

export interface ExecutionStatusEvent {
  executionId: string;
  runbookId: string;
  incidentId: string;
  teamId: string;
  status: RunbookExecutionStatusName;
  attempt: number;
  error: { code: string; message: string } | null;
  /** Server time of the change; clients drop events older than what they show. */
  at: string;
}

export interface ExecutionLogEvent {
  executionId: string;
  lines: ExecutionLogLine[];
}

export interface ExecutionFinishedEvent extends ExecutionStatusEvent {
  result: unknown;
  outputTruncated: boolean;
}

/** A team's automatic runs were paused (`open`) or resumed (`closed`). */
export interface CircuitEvent {
  teamId: string;
  state: 'open' | 'closed';
  openUntil: string | null;
  failures: number;
  runs: number;
  at: string;
}

export type WatchExecutionResponse =
  | { ok: true; execution: RunbookExecutionDetail }
  | { ok: false; error: string };

export interface RunbooksServerToClientEvents extends SocketRateLimitEvents {
  'execution.queued': (event: ExecutionStatusEvent) => void;
  'execution.running': (event: ExecutionStatusEvent) => void;
  'execution.log': (event: ExecutionLogEvent) => void;
  'execution.finished': (event: ExecutionFinishedEvent) => void;
  /** Sent to the team's room when its circuit breaker opens or closes. */
  'circuit.changed': (event: CircuitEvent) => void;
  'session.ended': (payload: { reason: 'expired' | 'revoked' | 'logout' }) => void;
}

export interface RunbooksClientToServerEvents {
  /**
   * Joins the execution's room after checking that the user may see the incident's team. The
   * acknowledgement carries the execution as stored so far; live events follow.
   */
  'execution.watch': (
    payload: { executionId: string },
    ack: (response: WatchExecutionResponse) => void,
  ) => void;
  'execution.unwatch': (payload: { executionId: string }) => void;
}

/** Returns the Socket.io room of one execution in the `/runbooks` namespace. */
export function executionRoom(executionId: string): string {
  return `execution:${executionId}`;
}
