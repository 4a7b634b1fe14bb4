import type { Db } from '@pagefree/db';
import { sql } from 'kysely';

export interface CredentialUse {
  id: string;
  /** Requests since the last flush. */
  count: number;
  lastUsedAt: Date;
}

/**
 * Adds counted uses to access tokens (`use_count`, `last_used_at`) and moves sessions'
 * `last_seen_at` forward, one statement per table for the whole batch. The status site
 * counts in memory and calls this every few seconds instead of writing per request.
 */
export async function recordCredentialUse(
  db: Db,
  uses: { tokens: readonly CredentialUse[]; sessions: readonly CredentialUse[] },
): Promise<void> {
  if (uses.tokens.length > 0) {
    const values = sql.join(
      uses.tokens.map(
        (use) => sql`(${use.id}::uuid, ${use.count}::bigint, ${use.lastUsedAt}::timestamptz)`,
      ),
    );
    await sql`
      UPDATE partner_access_token AS token
      SET use_count = token.use_count + batch.count,
          last_used_at = greatest(token.last_used_at, batch.used_at)
      FROM (VALUES ${values}) AS batch (id, count, used_at)
      WHERE token.id = batch.id
    `.execute(db);
  }
  if (uses.sessions.length > 0) {
    const values = sql.join(
      uses.sessions.map((use) => sql`(${use.id}::uuid, ${use.lastUsedAt}::timestamptz)`),
    );
    await sql`
      UPDATE partner_session AS session
      SET last_seen_at = greatest(session.last_seen_at, batch.seen_at)
      FROM (VALUES ${values}) AS batch (id, seen_at)
      WHERE session.id = batch.id
    `.execute(db);
  }
}
