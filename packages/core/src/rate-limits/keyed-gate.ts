/** Thrown by `KeyedGate.run` when a key already has `maxWaiting` tasks waiting. */
export class GateFullError extends Error {
  readonly key: string;

  constructor(key: string) {
    super('Too many requests are waiting for this key');
    this.name = 'GateFullError';
    this.key = key;
  }
}

export interface KeyedGate {
  /** Runs `task` once fewer than `concurrency` tasks of `key` run; throws GateFullError when the queue is full. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Tasks running and waiting for `key`. */
  load(key: string): { running: number; waiting: number };
}

/**
 * Limits how many tasks run at once per key, in this process, with a bounded queue per key.
 * Ingestion sends webhooks above their soft rate limit through it, so one flooding
 * integration or address uses at most `concurrency` database connections while the others
 * use the rest of the pool.
 */
export function createKeyedGate(options: { concurrency: number; maxWaiting: number }): KeyedGate {
  const lanes = new Map<string, { running: number; waiting: Array<() => void> }>();

  const release = (key: string) => {
    const lane = lanes.get(key);
    if (!lane) return;
    const next = lane.waiting.shift();
    if (next) {
      next();
      return;
    }
    lane.running -= 1;
    if (lane.running === 0) lanes.delete(key);
  };

  return {
    async run(key, task) {
      let lane = lanes.get(key);
      if (!lane) {
        lane = { running: 0, waiting: [] };
        lanes.set(key, lane);
      }
      if (lane.running < options.concurrency) {
        lane.running += 1;
      } else {
        if (lane.waiting.length >= options.maxWaiting) throw new GateFullError(key);
        // The slot passes straight from the finishing task to this one, so `running` stays put.
        await new Promise<void>((resolve) => lane.waiting.push(resolve));
      }
      try {
        return await task();
      } finally {
        release(key);
      }
    },
    load(key) {
      const lane = lanes.get(key);
      return { running: lane?.running ?? 0, waiting: lane?.waiting.length ?? 0 };
    },
  };
}
