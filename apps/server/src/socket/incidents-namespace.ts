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
import {
  activeSessionRole,
  authenticateSession,
  SESSION_COOKIE,
} from '@pagefree/core/auth/sessions';
import type { Clock } from '@pagefree/core/shared/clock';
import type { Db, PlatformRole } from '@pagefree/db';
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
    await socket.join(sessionRoom(socket.data.sessionId));
    await syncTeamRooms(socket, await teamRoomsOf(deps.db, socket.data.principal));
  });

  // Re-checks each socket's session, and its teams: someone removed from a team stops
  // receiving that team's events at the next check, without reconnecting.
  const timer = setInterval(async () => {
    try {
      const sockets = await namespace.local.fetchSockets();
      const sessionRoles = new Map<string, PlatformRole | null>();
      const roomsByUser = new Map<string, string[]>();
      for (const socket of sockets) {
        const { sessionId, principal } = socket.data;
        if (!sessionRoles.has(sessionId)) {
          sessionRoles.set(
            sessionId,
            await activeSessionRole(deps.db, sessionId, deps.clock.now()),
          );
        }
        const role = sessionRoles.get(sessionId);
        if (!role) {
          socket.emit('session.ended', { reason: 'expired' });
          socket.disconnect(true);
          continue;
        }
        // `data` is shared with the live socket, so later checks see the current role too.
        if (role !== principal.platformRole)
          socket.data.principal = { ...principal, platformRole: role };
        if (!roomsByUser.has(principal.userId)) {
          roomsByUser.set(principal.userId, await teamRoomsOf(deps.db, socket.data.principal));
        }
        await syncTeamRooms(socket, roomsByUser.get(principal.userId)!);
      }
    } catch (error) {
      // The database may be briefly unreachable; keep sockets as they are until the next check.
      deps.logger.warn({ err: error }, 'Re-checking incident sockets failed');
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

/** Returns the rooms of the teams a principal reads, or the all-teams room for platform admins. */
export async function teamRoomsOf(db: Db, principal: Principal): Promise<string[]> {
  const teamIds = await readableTeamIds(db, principal);
  return teamIds === null ? [ALL_TEAMS_ROOM] : teamIds.map(teamRoom);
}

/** Makes a socket's team rooms exactly `rooms`, leaving its session and other rooms alone. */
export async function syncTeamRooms(
  socket: { rooms: Set<string>; join(rooms: string[]): unknown; leave(room: string): unknown },
  rooms: string[],
): Promise<void> {
  const target = new Set(rooms);
  for (const room of socket.rooms) {
    if ((room.startsWith('team:') || room === ALL_TEAMS_ROOM) && !target.has(room)) {
      await socket.leave(room);
    }
  }
  await socket.join(rooms.filter((room) => !socket.rooms.has(room)));
}
