import type {
  RUNBOOKS_NAMESPACE,
  RunbooksClientToServerEvents,
  RunbooksServerToClientEvents,
} from '@pagefree/contracts';
import { io, type Socket } from 'socket.io-client';

export type RunbooksSocket = Socket<RunbooksServerToClientEvents, RunbooksClientToServerEvents>;

// Written out rather than imported, because the contracts index also builds zod schemas that
// the console does not need. The type ties it to the server's constant.
const NAMESPACE: typeof RUNBOOKS_NAMESPACE = '/runbooks';

let shared: { socket: RunbooksSocket; users: number } | null = null;

/**
 * Returns the one `/runbooks` connection of this tab, opening it for the first user, and a
 * release function that closes it after the last user let go. Several views (an execution,
 * the runs of an incident) share it, so a page opens one connection however many watch.
 * Reconnection is automatic with backoff capped at 10 seconds, like `/incidents`.
 */
export function acquireRunbooksSocket(): { socket: RunbooksSocket; release: () => void } {
  if (!shared) {
    const socket: RunbooksSocket = io(NAMESPACE, {
      withCredentials: true,
      reconnectionDelay: 1_000,
      reconnectionDelayMax: 10_000,
    });
    shared = { socket, users: 0 };
  }
  const current = shared;
  current.users += 1;

  let released = false;
  return {
    socket: current.socket,
    release() {
      if (released) return;
      released = true;
      current.users -= 1;
      if (current.users === 0) {
        current.socket.disconnect();
        if (shared === current) shared = null;
      }
    },
  };
}

const watchers = new Map<string, number>();

/** Counts one more view watching the execution. */
export function retainWatch(executionId: string): void {
  watchers.set(executionId, (watchers.get(executionId) ?? 0) + 1);
}

/**
 * Counts one view less and returns true when it was the last, so the caller sends
 * `execution.unwatch` only when no other view of this tab still shows the execution.
 */
export function releaseWatch(executionId: string): boolean {
  const remaining = (watchers.get(executionId) ?? 1) - 1;
  if (remaining > 0) {
    watchers.set(executionId, remaining);
    return false;
  }
  watchers.delete(executionId);
  return true;
}
