import type { Db } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { hashPassword, verifyPassword } from '../crypto/password.ts';
import { UnauthorizedError } from '../shared/errors.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { createSession } from './sessions.ts';

export interface LoginDeps {
  db: Db;
  now: Date;
  sessionTtlHours: number;
  throttle?: LoginThrottle;
}

export interface LoginRequest {
  email: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
}

// Compared against when the email is unknown, so a wrong email costs as much time as a
// wrong password and response times do not reveal which accounts exist.
let dummyHash: Promise<string> | null = null;

/**
 * Checks a password and opens a new session. A new token is issued on every login, so a
 * token planted before login (session fixation) never becomes authenticated.
 */
export async function login(deps: LoginDeps, request: LoginRequest) {
  await deps.throttle?.check(request.email, request.ip);

  const user = await deps.db
    .selectFrom('app_user')
    .select(['id', 'name', 'email', 'password_hash', 'platform_role', 'deactivated_at'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', request.email.toLowerCase()))
    .executeTakeFirst();

  dummyHash ??= hashPassword('pagefree-timing-equaliser');
  const passwordOk = await verifyPassword(
    request.password,
    user?.password_hash ?? (await dummyHash),
  );
  if (!user || !user.password_hash || !passwordOk || user.deactivated_at) {
    await recordAuditEvent(
      deps.db,
      { type: 'anonymous', id: null, ip: request.ip },
      {
        action: 'auth.login_failed',
        resourceType: 'user',
        resourceId: user?.id ?? null,
      },
    );
    await deps.throttle?.recordFailure(request.email, request.ip);
    throw new UnauthorizedError('Email or password is incorrect.');
  }

  await deps.throttle?.recordSuccess(request.email);
  const session = await createSession(deps.db, {
    userId: user.id,
    ttlHours: deps.sessionTtlHours,
    now: deps.now,
    ip: request.ip,
    userAgent: request.userAgent,
  });
  await recordAuditEvent(
    deps.db,
    { type: 'user', id: user.id, ip: request.ip },
    {
      action: 'auth.login',
      resourceType: 'session',
      resourceId: session.sessionId,
    },
  );
  return {
    ...session,
    user: { id: user.id, name: user.name, email: user.email, platformRole: user.platform_role },
  };
}
