import { readCookie } from '@pagefree/api';
import {
  executionRoom,
  RUNBOOKS_NAMESPACE,
  type RunbooksClientToServerEvents,
  type RunbooksServerToClientEvents,
  type WatchExecutionResponse,
} from '@pagefree/contracts';
import { requireTeamRole } from '@pagefree/core/auth/permissions';
import type { Principal } from '@pagefree/core/auth/principal';
import {
  activeSessionRole,
  authenticateSession,
  SESSION_COOKIE,
} from '@pagefree/core/auth/sessions';
import { loadExecutionDetail } from '@pagefree/core/runbooks/execution-view';
import { requireExecutionReader } from '@pagefree/core/runbooks/get-execution';
import type { Clock } from '@pagefree/core/shared/clock';
import { DomainError } from '@pagefree/core/shared/errors';
import type { Db, PlatformRole } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import type { Namespace, Server, Socket } from 'socket.io';
import { sessionRoom, syncTeamRooms, teamRoomsOf } from './incidents-namespace.ts';

interface SocketData {
  principal: Principal;
  sessionId: string;
  /** Team of each execution the socket watches, for re-checking access. */
  watched: Map<string, string>;
}

type RunbooksSocket = Socket<
  RunbooksClientToServerEvents,
  RunbooksServerToClientEvents,
  Record<string, never>,
  SocketData
>;
type RunbooksNamespace = Namespace<
  RunbooksClientToServerEvents,
  RunbooksServerToClientEvents,
  Record<string, never>,
  SocketData
>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Executions one socket may watch at once. */
const MAX_WATCHED = 50;

/**
 * Sets up the `/runbooks` namespace. Connections authenticate with the session cookie like
 * `/incidents` and join their teams' rooms, which receive status changes of runs and circuit
 * breaker changes. Log lines go only to an execution's own room, which a socket joins with
 * `execution.watch` after the server checked that the user may see the incident's team.
 * Sessions and each watched execution's access are re-checked every `revalidateSeconds`.
 */
export function setUpRunbooksNamespace(
  io: Server,
  deps: { db: Db; clock: Clock; logger: Logger; revalidateSeconds: number },
) {
  const namespace = io.of(RUNBOOKS_NAMESPACE) as unknown as RunbooksNamespace;

  namespace.use(async (socket, next) => {
    try {
      const token = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
      const principal = token ? await authenticateSession(deps.db, token, deps.clock.now()) : null;
      if (!principal || principal.via.kind !== 'session') {
        next(new Error('unauthorized'));
        return;
      }
      socket.data = { principal, sessionId: principal.via.sessionId, watched: new Map() };
      next();
    } catch (error) {
      deps.logger.warn({ err: error }, 'Socket authentication failed');
      next(new Error('unavailable'));
    }
  });

  namespace.on('connection', async (socket: RunbooksSocket) => {
    socket.on('execution.watch', async (payload, ack) => {
      const respond = typeof ack === 'function' ? ack : () => undefined;
      respond(await watch(socket, payload));
    });
    socket.on('execution.unwatch', async (payload) => {
      const executionId = executionIdOf(payload);
      if (!executionId) return;
      socket.data.watched.delete(executionId);
      await socket.leave(executionRoom(executionId));
    });

    const { principal, sessionId } = socket.data;
    await socket.join(sessionRoom(sessionId));
    await syncTeamRooms(socket, await teamRoomsOf(deps.db, principal));
  });

  async function watch(socket: RunbooksSocket, payload: unknown): Promise<WatchExecutionResponse> {
    const executionId = executionIdOf(payload);
    if (!executionId) return { ok: false, error: 'executionId must be a UUID.' };
    if (!socket.data.watched.has(executionId) && socket.data.watched.size >= MAX_WATCHED) {
      return {
        ok: false,
        error: `A connection may watch at most ${MAX_WATCHED} executions; unwatch one first.`,
      };
    }
    try {
      const { teamId } = await requireExecutionReader(deps.db, socket.data.principal, executionId);
      // Join first, then read: an event between the two is seen twice, never missed, and
      // clients de-duplicate log lines by (attempt, seq).
      await socket.join(executionRoom(executionId));
      socket.data.watched.set(executionId, teamId);
      const execution = await loadExecutionDetail(deps.db, executionId);
      if (!execution)
        return { ok: false, error: `Runbook execution ${executionId} was not found.` };
      return { ok: true, execution };
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, error: error.message };
      deps.logger.warn({ err: error, executionId }, 'Watching a runbook execution failed');
      return { ok: false, error: 'The execution could not be loaded; try again.' };
    }
  }

  // Re-checks each socket's session, its team rooms and its watched executions: someone
  // removed from a team stops receiving that team's runs at the next check, without
  // reconnecting.
  const timer = setInterval(async () => {
    try {
      await revalidateSockets();
    } catch (error) {
      // Sockets stay as they are until the next check, because the database may be back by then.
      deps.logger.warn({ err: error }, 'Re-checking runbook sockets failed');
    }
  }, deps.revalidateSeconds * 1000);
  timer.unref();

  async function revalidateSockets(): Promise<void> {
    const sockets = await namespace.local.fetchSockets();
    const sessionRoles = new Map<string, PlatformRole | null>();
    const roomsByUser = new Map<string, string[]>();
    for (const socket of sockets) {
      const { sessionId, principal, watched } = socket.data;
      if (!sessionRoles.has(sessionId)) {
        sessionRoles.set(sessionId, await activeSessionRole(deps.db, sessionId, deps.clock.now()));
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

      for (const [executionId, teamId] of watched) {
        const allowed = await requireTeamRole(
          deps.db,
          socket.data.principal,
          teamId,
          'OBSERVER',
        ).then(
          () => true,
          (error: unknown) => !(error instanceof DomainError),
        );
        if (!allowed) {
          watched.delete(executionId);
          socket.leave(executionRoom(executionId));
        }
      }
    }
  }

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

function executionIdOf(payload: unknown): string | null {
  const executionId = (payload as { executionId?: unknown } | null)?.executionId;
  return typeof executionId === 'string' && UUID.test(executionId) ? executionId : null;
}
