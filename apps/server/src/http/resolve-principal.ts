import { readCookie } from '@pagefree/api';
import { authenticateApiKey } from '@pagefree/core/auth/api-keys';
import type { Principal } from '@pagefree/core/auth/principal';
import { authenticateSession, SESSION_COOKIE } from '@pagefree/core/auth/sessions';
import type { Db } from '@pagefree/db';

/**
 * Authenticates an internal request: a `Bearer pfk_...` API key, else the session cookie.
 * Partner credentials are not recognised here at all: partners authenticate only on the
 * status site, so nothing they hold can become an internal principal.
 */
export async function resolvePrincipal(
  db: Db,
  headers: Headers,
  now: Date,
): Promise<Principal | null> {
  const authorization = headers.get('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    return match ? authenticateApiKey(db, match[1]!, now) : null;
  }
  const token = readCookie(headers.get('cookie'), SESSION_COOKIE);
  return token ? authenticateSession(db, token, now) : null;
}
