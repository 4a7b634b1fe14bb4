import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './app-env.ts';

/** Tracks requests in progress so a shutdown can wait for them. */
export interface DrainTracker {
  /** True once a shutdown began: `/readyz` returns 503 and responses close their connection. */
  readonly draining: boolean;
  readonly inFlight: number;
  startDraining(): void;
  /** Resolves when no request is in progress, or after `timeoutMs`; returns the requests left. */
  idle(timeoutMs: number): Promise<number>;
  middleware(): ReturnType<typeof createMiddleware<AppEnv>>;
}

export function createDrainTracker(): DrainTracker {
  let draining = false;
  let inFlight = 0;
  let waiters: Array<() => void> = [];

  const settle = () => {
    if (inFlight > 0) return;
    for (const resolve of waiters) resolve();
    waiters = [];
  };

  return {
    get draining() {
      return draining;
    },
    get inFlight() {
      return inFlight;
    },
    startDraining() {
      draining = true;
    },
    async idle(timeoutMs) {
      if (inFlight === 0) return 0;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => waiters.push(resolve)),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      return inFlight;
    },
    middleware() {
      return createMiddleware<AppEnv>(async (c, next) => {
        inFlight += 1;
        try {
          await next();
          // Keep-alive clients open their next request elsewhere instead of on a closing server.
          if (draining) c.header('connection', 'close');
        } finally {
          inFlight -= 1;
          settle();
        }
      });
    },
  };
}
