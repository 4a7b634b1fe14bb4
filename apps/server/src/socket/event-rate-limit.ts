import type { SocketRateLimitPayload } from '@pagefree/contracts';
import { socketConnections, socketEventsLimited } from '@pagefree/core/observability/metrics';
import type { Logger } from '@pagefree/logger';
import type { Namespace, Socket } from 'socket.io';

export interface SocketEventLimit {
  /** Events one connection may send per window. */
  limit: number;
  windowSeconds: number;
}

/**
 * 30 events per 10 seconds. The console sends a watch or unwatch per run a person opens or
 * closes, a handful a minute, so only a broken or hostile client sends more.
 */
export const DEFAULT_SOCKET_EVENT_LIMIT: SocketEventLimit = { limit: 30, windowSeconds: 10 };
/** Share of the window's budget after which the client is warned once. */
const WARNING_SHARE = 0.8;

/**
 * Limits the events each connection of `namespace` sends, in fixed windows counted in this
 * process (a connection lives on one server). At 80% of a window's budget the client gets
 * one `rate_limit.warning`. The event that goes over the budget is dropped, and the client
 * gets `rate_limit.exceeded` and is disconnected. Socket.io runs `socket.use` middleware only for
 * packets from the client, so events the server emits never count. Also keeps the
 * `pagefree_socket_connections` gauge.
 */
export function limitSocketEvents(
  namespace: Namespace,
  options: { limit?: SocketEventLimit; logger: Logger },
): void {
  const { limit, windowSeconds } = options.limit ?? DEFAULT_SOCKET_EVENT_LIMIT;
  const warnAt = Math.ceil(limit * WARNING_SHARE);
  const windowMs = windowSeconds * 1000;

  namespace.on('connection', (socket: Socket) => {
    socketConnections.inc({ namespace: namespace.name });
    socket.once('disconnect', () => socketConnections.dec({ namespace: namespace.name }));

    let windowStart = Date.now();
    let count = 0;
    socket.use((_packet, next) => {
      const now = Date.now();
      if (now - windowStart >= windowMs) {
        windowStart = now;
        count = 0;
      }
      count += 1;
      const payload = (): SocketRateLimitPayload => ({
        limit,
        remaining: Math.max(0, limit - count),
        resetSeconds: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)),
        windowSeconds,
      });

      if (count > limit) {
        socketEventsLimited.inc({ namespace: namespace.name, action: 'disconnected' });
        options.logger.warn(
          { namespace: namespace.name, socketId: socket.id, limit, windowSeconds },
          'Socket sent too many events; disconnected',
        );
        socket.emit('rate_limit.exceeded', payload());
        socket.disconnect(true);
        return;
      }
      if (count === warnAt) {
        socketEventsLimited.inc({ namespace: namespace.name, action: 'warned' });
        socket.emit('rate_limit.warning', payload());
      }
      next();
    });
  });
}
