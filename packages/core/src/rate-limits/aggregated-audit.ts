import type { Db } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import { sql } from 'kysely';
import type { ActorRef } from '../auth/principal.ts';

/** One occurrence of a repeated event, e.g. a request over a rate limit or a refused webhook. */
export interface RepeatedEvent {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  actor: ActorRef;
  /**
   * Grouping key of the occurrences counted together besides action and window, such as a
   * tier and key fingerprint, or an integration and refusal reason. Occurrences with equal
   * `subject` share one audit row per window. It is kept in memory only, but must not
   * contain secrets either.
   */
  subject: string;
  /** Ids and reasons only, as in every audit event. */
  metadata: Record<string, string | number | boolean | null>;
}

export interface AggregatedAudit {
  /**
   * Counts one occurrence. The first of a subject in a window is written before the
   * returned promise settles, so a single refusal is visible at once. Later ones are added
   * with the next flush. It never rejects, because a failed write is retried at the next
   * flush.
   */
  record(event: RepeatedEvent): Promise<void>;
  /** Writes pending counts now; tests and shutdown call it. */
  flush(): Promise<void>;
  /** Stops the timer and writes what is pending. */
  close(): Promise<void>;
}

interface Tally {
  event: RepeatedEvent;
  windowStart: number;
  pending: number;
  /** The audit row already written for this window, once there is one. */
  rowId: string | null;
  /** The write in progress, so two writes of one tally never both insert. */
  writing: Promise<void> | null;
}

export interface AggregatedAuditOptions {
  db: Db;
  logger: Logger;
  /** Length of a counting window in seconds; one audit row per subject per window. */
  windowSeconds?: number;
  flushIntervalMs?: number;
  /** Subjects tracked at once; beyond it the oldest window is written and dropped early. */
  maxSubjects?: number;
  now?: () => number;
}

/**
 * Audits events that can repeat thousands of times a minute with counts instead of one row
 * each: the first occurrence of a subject in a window inserts an audit row with
 * `metadata.count` at once, and later ones add to that count at each flush (every 5 s by
 * default).
 * Rows carry `windowStart` and `windowSeconds` in their metadata.
 *
 * Counts live in this process until flushed, so each process writes its own row per
 * subject and window, and a crash loses at most one flush interval of counts. A failed
 * write keeps the counts for the next flush.
 */
export function createAggregatedAudit(options: AggregatedAuditOptions): AggregatedAudit {
  const windowMs = (options.windowSeconds ?? 60) * 1000;
  const maxSubjects = options.maxSubjects ?? 10_000;
  const now = options.now ?? Date.now;
  const tallies = new Map<string, Tally>();
  let flushing: Promise<void> | null = null;
  let droppedWarned = false;

  const insertOrAdd = async (tally: Tally) => {
    const delta = tally.pending;
    if (delta === 0) return;
    if (tally.rowId === null) {
      const row = await options.db
        .insertInto('audit_event')
        .values({
          actor_type: tally.event.actor.type,
          actor_id: tally.event.actor.id,
          ip: tally.event.actor.ip,
          action: tally.event.action,
          resource_type: tally.event.resourceType,
          resource_id: tally.event.resourceId ?? null,
          metadata: JSON.stringify({
            ...tally.event.metadata,
            count: delta,
            windowStart: new Date(tally.windowStart).toISOString(),
            windowSeconds: windowMs / 1000,
          }),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      tally.rowId = row.id;
    } else {
      await options.db
        .updateTable('audit_event')
        .set({
          metadata: sql`jsonb_set(metadata, '{count}', to_jsonb(coalesce((metadata->>'count')::bigint, 0) + ${delta}))`,
        })
        .where('id', '=', tally.rowId)
        .execute();
    }
    tally.pending -= delta;
  };

  const writeTally = async (tally: Tally): Promise<void> => {
    while (tally.writing) await tally.writing;
    const write = insertOrAdd(tally);
    tally.writing = write
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        tally.writing = null;
      });
    await write;
  };

  const flushAll = async () => {
    const current = Math.floor(now() / windowMs) * windowMs;
    for (const [key, tally] of tallies) {
      try {
        await writeTally(tally);
      } catch (error) {
        options.logger.warn(
          { err: error, action: tally.event.action, pending: tally.pending },
          'Writing an aggregated audit event failed; retrying at the next flush',
        );
        return;
      }
      if (tally.windowStart < current && tally.pending === 0) tallies.delete(key);
    }
  };

  const flush = () => {
    flushing ??= flushAll().finally(() => {
      flushing = null;
    });
    return flushing;
  };

  const timer = setInterval(() => void flush(), options.flushIntervalMs ?? 5_000);
  timer.unref();

  return {
    async record(event) {
      const windowStart = Math.floor(now() / windowMs) * windowMs;
      const key = `${event.action}\u0000${event.subject}\u0000${windowStart}`;
      const existing = tallies.get(key);
      if (existing) {
        existing.pending += 1;
        return;
      }
      if (tallies.size >= maxSubjects) {
        // A flood of distinct subjects; the oldest counts are dropped rather than growing
        // memory without bound. The metrics still count every rejection.
        const oldest = tallies.keys().next().value;
        if (oldest !== undefined) tallies.delete(oldest);
        if (!droppedWarned) {
          droppedWarned = true;
          options.logger.warn(
            { maxSubjects },
            'Too many audited subjects at once; dropping the oldest counts',
          );
        }
      }
      const tally: Tally = { event, windowStart, pending: 1, rowId: null, writing: null };
      tallies.set(key, tally);
      try {
        await writeTally(tally);
      } catch (error) {
        options.logger.warn(
          { err: error, action: event.action },
          'Writing an aggregated audit event failed; retrying at the next flush',
        );
      }
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
