import { type Db, type PlatformRole, withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { requirePlatformAdmin, requireScope } from '../auth/permissions.ts';
import { type ActorRef, actorOf } from '../auth/principal.ts';
import { hashPassword } from '../crypto/password.ts';
import type { Caller, ConfigDeps } from '../shared/caller.ts';
import { ConflictError } from '../shared/errors.ts';

export interface NewUser {
  email: string;
  name: string;
  password: string;
  platformRole: PlatformRole;
}

/**
 * Inserts a user with an email contact method for their address, so a new responder can
 * be paged by email before they configure anything.
 */
export async function insertUser(db: Db, actor: ActorRef, input: NewUser) {
  const passwordHash = await hashPassword(input.password);
  return withTransaction(db, async (trx) => {
    const existing = await trx
      .selectFrom('app_user')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email.toLowerCase()))
      .executeTakeFirst();
    if (existing) {
      throw new ConflictError(`A user with email ${input.email} already exists.`);
    }
    const user = await trx
      .insertInto('app_user')
      .values({
        email: input.email,
        name: input.name,
        password_hash: passwordHash,
        platform_role: input.platformRole,
      })
      .returning(['id', 'email', 'name', 'platform_role'])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('contact_method')
      .values({ user_id: user.id, type: 'email', address: input.email, label: 'Primary email' })
      .execute();
    await recordAuditEvent(trx, actor, {
      action: 'user.created',
      resourceType: 'user',
      resourceId: user.id,
    });
    return { id: user.id, email: user.email, name: user.name, platformRole: user.platform_role };
  });
}

/** Creates a user; platform admins only. */
export async function createUser(deps: ConfigDeps, caller: Caller, input: NewUser) {
  requireScope(caller.principal, 'config:write');
  requirePlatformAdmin(caller.principal);
  return insertUser(deps.db, actorOf(caller.principal, caller.ip), input);
}
