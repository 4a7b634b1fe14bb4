import {
  ALL_TEAMS_ROOM,
  INCIDENTS_NAMESPACE,
  type IncidentEventName,
  type IncidentSummary,
  teamRoom,
} from '@pagefree/contracts';
import type { IncidentEventPublisher } from '@pagefree/core/events/incident-events';
import type { Server } from 'socket.io';

/** Broadcasts to the incident's team room and to platform admins, across servers via the adapter. */
export function createSocketIncidentPublisher(io: Server): IncidentEventPublisher {
  return {
    publish(name: IncidentEventName, incident: IncidentSummary) {
      try {
        io.of(INCIDENTS_NAMESPACE)
          .to([teamRoom(incident.teamId), ALL_TEAMS_ROOM])
          .emit(name, { incident, at: new Date().toISOString() });
      } catch {
        // Best effort by contract: watchers re-sync after reconnecting.
      }
    },
  };
}
