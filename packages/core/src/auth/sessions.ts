import type { Db, PlatformRole } from '@pagefree/db';
import { generateToken, hashToken } from '../crypto/tokens.ts';
import type { Principal } from './principal.ts';

/** Cookie that carries the session token; httpOnly, SameSite=Lax, Secure over HTTPS. */
export const SESSION_COOKIE = 'pf_session';

// last_seen_at is refreshed at most this often, so reads do not turn into writes.
const TOUCH_INTERVAL_MS = 60_000;

export async function createSession(
  db: Db,
  input: {
    userId: string;
    ttlHours: number;
    now: Date;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const token = generateToken('pfs');
  const expiresAt = new Date(input.now.getTime() + input.ttlHours * 3_600_000);
  const row = await db
    .insertInto('user_session')
    .values({
      token_hash: hashToken(token),
      user_id: input.userId,
      expires_at: expiresAt,
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 512) ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { token, sessionId: row.id, expiresAt };
}

/** Resolves a session token to its principal; null when unknown, expired, revoked or deactivated. */
export async function authenticateSession(
  db: Db,
  token: string,
  now: Date,
): Promise<(Principal & { expiresAt: Date }) | null> {
  if (!token.startsWith('pfs_') || token.length > 100) return null;
  const row = await db
    .selectFrom('user_session')
    .innerJoin('app_user', 'app_user.id', 'user_session.user_id')
    .select([
      'user_session.id',
      'user_session.expires_at',
      'user_session.last_seen_at',
      'app_user.id as user_id',
      'app_user.platform_role',
    ])
    .where('user_session.token_hash', '=', hashToken(token))
    .where('user_session.revoked_at', 'is', null)
    .where('user_session.expires_at', '>', now)
    .where('app_user.deactivated_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;

  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    await db
      .updateTable('user_session')
      .set({ last_seen_at: now })
      .where('id', '=', row.id)
      .execute();
  }
  return {
    userId: row.user_id,
    platformRole: row.platform_role,
    via: { kind: 'session', sessionId: row.id },
    expiresAt: row.expires_at,
  };
}

/** True while the session is usable; live sockets poll this to drop ended sessions. */
/**
 * Returns the current platform role of an active session's user, or null when the session
 * was revoked, expired, or its user deactivated. Long-lived sockets re-check with it, so a
 * demoted platform admin loses the all-teams view without reconnecting.
 */
export async function activeSessionRole(
  db: Db,
  sessionId: string,
  now: Date,
): Promise<PlatformRole | null> {
  const row = await db
    .selectFrom('user_session')
    .innerJoin('app_user', 'app_user.id', 'user_session.user_id')
    .select('app_user.platform_role')
    .where('user_session.id', '=', sessionId)
    .where('user_session.revoked_at', 'is', null)
    .where('user_session.expires_at', '>', now)
    .where('app_user.deactivated_at', 'is', null)
    .executeTakeFirst();
  return row?.platform_role ?? null;
}

export async function revokeSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db
    .updateTable('user_session')
    .set({ revoked_at: now })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}
