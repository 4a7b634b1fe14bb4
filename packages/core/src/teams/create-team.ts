import { withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { requirePlatformAdmin, requireScope } from '../auth/permissions.ts';
import { actorOf } from '../auth/principal.ts';
import type { Caller, ConfigDeps } from '../shared/caller.ts';
import { ConflictError } from '../shared/errors.ts';

/** Creates a team; only platform admins create teams. */
export async function createTeam(
  deps: ConfigDeps,
  caller: Caller,
  input: { name: string; slug: string },
) {
  requireScope(caller.principal, 'config:write');
  requirePlatformAdmin(caller.principal);
  const actor = actorOf(caller.principal, caller.ip);

  return withTransaction(deps.db, async (trx) => {
    const existing = await trx
      .selectFrom('team')
      .select('id')
      .where('slug', '=', input.slug)
      .executeTakeFirst();
    if (existing) {
      throw new ConflictError(
        `A team with slug "${input.slug}" already exists; choose another slug.`,
      );
    }
    const team = await trx
      .insertInto('team')
      .values({ name: input.name, slug: input.slug })
      .returning(['id', 'name', 'slug'])
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, actor, {
      action: 'team.created',
      resourceType: 'team',
      resourceId: team.id,
      teamId: team.id,
    });
    return team;
  });
}
