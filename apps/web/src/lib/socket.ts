import {
  INCIDENTS_NAMESPACE,
  type IncidentsClientToServerEvents,
  type IncidentsServerToClientEvents,
} from '@pagefree/contracts/socket-events';
import { io, type Socket } from 'socket.io-client';

export type IncidentsSocket = Socket<IncidentsServerToClientEvents, IncidentsClientToServerEvents>;

/**
 * Opens the `/incidents` namespace on this origin. The server authenticates the handshake
 * with the session cookie and rejects it with the message `unauthorized` when the session
 * has ended. Reconnection is automatic with backoff capped at 10 seconds.
 */
export function connectIncidentsSocket(): IncidentsSocket {
  return io(INCIDENTS_NAMESPACE, {
    withCredentials: true,
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 10_000,
  });
}
