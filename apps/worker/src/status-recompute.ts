import type { PublishOutcome } from '@pagefree/core/status-pages/snapshots/publish-snapshot';

/**
 * Coalesces recomputes of one page. While a recompute of a page runs, further requests for
 * it share a single follow-up run that starts when the current one ends, so a burst of
 * incident changes (an alert storm) costs at most two recomputes per page instead of one
 * per change. The follow-up begins reading after every request it serves arrived, so each
 * change is included; no clocks are compared.
 */
export function createCoalescedRecompute(
  recompute: (pageId: string) => Promise<PublishOutcome | null>,
) {
  const inFlight = new Map<string, { current: Promise<unknown>; next: Promise<unknown> | null }>();

  const start = (pageId: string): Promise<unknown> => {
    const current = recompute(pageId).finally(() => {
      // A waiting follow-up replaces this entry when it starts; otherwise the page is idle.
      const entry = inFlight.get(pageId);
      if (entry?.current === current && !entry.next) inFlight.delete(pageId);
    });
    return current;
  };

  return function request(pageId: string): Promise<unknown> {
    const entry = inFlight.get(pageId);
    if (!entry) {
      const current = start(pageId);
      inFlight.set(pageId, { current, next: null });
      return current;
    }
    if (!entry.next) {
      entry.next = entry.current
        .catch(() => undefined)
        .then(() => {
          const followUp = start(pageId);
          inFlight.set(pageId, { current: followUp, next: null });
          return followUp;
        });
    }
    return entry.next;
  };
}
