import { readCookie } from '@pagefree/api';
import {
  ALL_TEAMS_ROOM,
  INCIDENTS_NAMESPACE,
  type IncidentsClientToServerEvents,
  type IncidentsServerToClientEvents,
  teamRoom,
} from '@pagefree/contracts';
import { readableTeamIds } from '@pagefree/core/auth/permissions';
import type { Principal } from '@pagefree/core/auth/principal';
import { authenticateSession, isSessionActive, SESSION_COOKIE } from '@pagefree/core/auth/sessions';
import type { Clock } from '@pagefree/core/shared/clock';
import type { Db } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import type { Namespace, Server, Socket } from 'socket.io';

interface SocketData {
  principal: Principal;
  sessionId: string;
  expiresAt: Date;
}

type IncidentsSocket = Socket<
  IncidentsClientToServerEvents,
  IncidentsServerToClientEvents,
  Record<string, never>,
  SocketData
>;
type IncidentsNamespace = Namespace<
  IncidentsClientToServerEvents,
  IncidentsServerToClientEvents,
  Record<string, never>,
  SocketData
>;

export function sessionRoom(sessionId: string): string {
  return `session:${sessionId}`;
}

/**
 * The `/incidents` namespace: connections authenticate with the session cookie, join the
 * rooms of their teams (every team for platform admins), and are dropped when their
 * session ends. Sessions are re-checked every `revalidateSeconds`; logout drops them at once
 * through `endSession`.
 */
export function setUpIncidentsNamespace(
  io: Server,
  deps: { db: Db; clock: Clock; logger: Logger; revalidateSeconds: number },
) {
  const namespace = io.of(INCIDENTS_NAMESPACE) as unknown as IncidentsNamespace;

  namespace.use(async (socket, next) => {
    try {
      const token = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
      const principal = token ? await authenticateSession(deps.db, token, deps.clock.now()) : null;
      if (!principal || principal.via.kind !== 'session') {
        next(new Error('unauthorized'));
        return;
      }
      socket.data = {
        principal,
        sessionId: principal.via.sessionId,
        expiresAt: principal.expiresAt,
      };
      next();
    } catch (error) {
      deps.logger.warn({ err: error }, 'Socket authentication failed');
      next(new Error('unavailable'));
    }
  });

  namespace.on('connection', async (socket: IncidentsSocket) => {
    const { principal, sessionId } = socket.data;
    await socket.join(sessionRoom(sessionId));
    const teamIds = await readableTeamIds(deps.db, principal);
    // Platform admins (null) watch everything through the all-teams room.
    await socket.join(teamIds === null ? [ALL_TEAMS_ROOM] : teamIds.map(teamRoom));
  });

  const timer = setInterval(async () => {
    const sockets = await namespace.local.fetchSockets();
    const checked = new Map<string, boolean>();
    for (const socket of sockets) {
      const { sessionId } = socket.data;
      if (!checked.has(sessionId)) {
        checked.set(
          sessionId,
          await isSessionActive(deps.db, sessionId, deps.clock.now()).catch(() => true),
        );
      }
      if (!checked.get(sessionId)) {
        socket.emit('session.ended', { reason: 'expired' });
        socket.disconnect(true);
      }
    }
  }, deps.revalidateSeconds * 1000);
  timer.unref();

  return {
    /** Disconnects every socket of a session, on any server sharing the Redis adapter. */
    endSession(sessionId: string) {
      namespace.to(sessionRoom(sessionId)).emit('session.ended', { reason: 'logout' });
      namespace.in(sessionRoom(sessionId)).disconnectSockets(true);
    },
    close() {
      clearInterval(timer);
    },
  };
}
