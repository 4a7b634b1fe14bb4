import {
  ALL_TEAMS_ROOM,
  executionRoom,
  RUNBOOKS_NAMESPACE,
  type RunbooksServerToClientEvents,
  teamRoom,
} from '@pagefree/contracts';
import type { RunbookEventPublisher } from '@pagefree/core/runbooks/runbook-events';
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';

/**
 * Publishes runbook run events from the worker to every server's `/runbooks` namespace
 * through Redis. `key` must match the server adapter's key.
 */
export function createEmitterRunbookPublisher(redis: Redis, key: string): RunbookEventPublisher {
  const namespace = new Emitter<RunbooksServerToClientEvents>(redis, { key }).of(
    RUNBOOKS_NAMESPACE,
  );
  const emit = <Name extends keyof RunbooksServerToClientEvents>(
    rooms: string[],
    name: Name,
    ...payload: Parameters<RunbooksServerToClientEvents[Name]>
  ) => {
    try {
      namespace.to(rooms).emit(name, ...payload);
    } catch {
      // Best effort by contract: watchers re-read the execution when they watch again.
    }
  };
  return {
    executionChanged(name, event) {
      emit([executionRoom(event.executionId), teamRoom(event.teamId), ALL_TEAMS_ROOM], name, event);
    },
    executionLog(_teamId, event) {
      emit([executionRoom(event.executionId)], 'execution.log', event);
    },
    executionFinished(event) {
      emit(
        [executionRoom(event.executionId), teamRoom(event.teamId), ALL_TEAMS_ROOM],
        'execution.finished',
        event,
      );
    },
    circuitChanged(event) {
      emit([teamRoom(event.teamId), ALL_TEAMS_ROOM], 'circuit.changed', event);
    },
  };
}
