import type {
  CircuitEvent,
  ExecutionFinishedEvent,
  ExecutionLogEvent,
  ExecutionStatusEvent,
} from '@pagefree/contracts';

/**
 * Broadcasts runbook runs to live watchers on the `/runbooks` namespace. Like incident
 * events, publishing is best effort, and implementations must not throw. A watcher that
 * misses an event re-reads the execution when it watches again.
 */
export interface RunbookEventPublisher {
  /** To the execution's room and the team's room. */
  executionChanged(
    name: 'execution.queued' | 'execution.running',
    event: ExecutionStatusEvent,
  ): void;
  /** To the execution's room only. */
  executionLog(teamId: string, event: ExecutionLogEvent): void;
  /** To the execution's room and the team's room. */
  executionFinished(event: ExecutionFinishedEvent): void;
  /** To the team's room. */
  circuitChanged(event: CircuitEvent): void;
}

export const noopRunbookEvents: RunbookEventPublisher = {
  executionChanged: () => undefined,
  executionLog: () => undefined,
  executionFinished: () => undefined,
  circuitChanged: () => undefined,
};

/** Builds the status event of an execution row as it is after a change. */
export function statusEvent(
  row: {
    id: string;
    runbook_id: string;
    incident_id: string;
    team_id: string;
    status: ExecutionStatusEvent['status'];
    attempt: number;
    error_code: string | null;
    error_message: string | null;
  },
  at: Date,
): ExecutionStatusEvent {
  return {
    executionId: row.id,
    runbookId: row.runbook_id,
    incidentId: row.incident_id,
    teamId: row.team_id,
    status: row.status,
    attempt: row.attempt,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    at: at.toISOString(),
  };
}
