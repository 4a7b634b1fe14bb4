/** A list of things a test peer received, which a test can wait on. */
export interface Recorder<T> {
  readonly items: T[];
  add(item: T): void;
  /**
   * Resolves with the first item, already received or still to come, that matches the
   * predicate. Rejects after `timeoutMs` naming `description`.
   */
  waitFor(predicate: (item: T) => boolean, timeoutMs: number, description: string): Promise<T>;
}

export function createRecorder<T>(): Recorder<T> {
  const items: T[] = [];
  const waiters = new Set<(item: T) => void>();

  return {
    items,

    add(item) {
      items.push(item);
      for (const waiter of [...waiters]) {
        waiter(item);
      }
    },

    waitFor(predicate, timeoutMs, description) {
      const existing = items.find(predicate);
      if (existing !== undefined) {
        return Promise.resolve(existing);
      }

      return new Promise<T>((resolve, reject) => {
        const waiter = (item: T) => {
          if (!predicate(item)) {
            return;
          }
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(item);
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(
              `Timed out after ${timeoutMs} ms waiting for ${description} (${items.length} received).`,
            ),
          );
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
  };
}
