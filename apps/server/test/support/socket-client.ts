import { io, type Socket } from 'socket.io-client';

/** Opens a Socket.io client on `namespace` with the session cookie, without reconnecting. */
export function socketFor(serverUrl: string, namespace: string, cookie: string | null): Socket {
  return io(`${serverUrl}${namespace}`, {
    transports: ['websocket'],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: false,
  });
}

/** Resolves once the socket is connected; rejects with the handshake's refusal. */
export function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

/** Resolves with the next `name` event's payload; rejects after `timeoutMs`. */
export function nextEvent<T>(socket: Socket, name: string, timeoutMs = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`No ${name} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.once(name, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}
