import {
  ALL_TEAMS_ROOM,
  INCIDENTS_NAMESPACE,
  type IncidentEventName,
  type IncidentSummary,
  teamRoom,
} from '@pagefree/contracts';
import type { IncidentEventPublisher } from '@pagefree/core/events/incident-events';
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';

/**
 * Publishes incident events from the worker to every server's Socket.io through Redis.
 * `key` must match the server adapter's key.
 */
export function createEmitterIncidentPublisher(redis: Redis, key: string): IncidentEventPublisher {
  const emitter = new Emitter(redis, { key });
  return {
    publish(name: IncidentEventName, incident: IncidentSummary) {
      try {
        emitter
          .of(INCIDENTS_NAMESPACE)
          .to([teamRoom(incident.teamId), ALL_TEAMS_ROOM])
          .emit(name, { incident, at: new Date().toISOString() });
      } catch {
        // Best effort by contract: watchers re-sync after reconnecting.
      }
    },
  };
}
