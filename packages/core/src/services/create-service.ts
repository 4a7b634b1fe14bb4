import { withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { requireScope, requireTeamRole } from '../auth/permissions.ts';
import { actorOf } from '../auth/principal.ts';
import type { Caller, ConfigDeps } from '../shared/caller.ts';
import { ConflictError } from '../shared/errors.ts';
import { requirePolicyOfTeam } from './policy-belongs-to-team.ts';

export async function createService(
  deps: ConfigDeps,
  caller: Caller,
  input: {
    teamId: string;
    name: string;
    routingKey: string;
    description: string;
    escalationPolicyId: string | null;
  },
) {
  requireScope(caller.principal, 'config:write');
  await requireTeamRole(deps.db, caller.principal, input.teamId, 'TEAM_ADMIN');
  if (input.escalationPolicyId) {
    await requirePolicyOfTeam(
      deps.db,
      input.escalationPolicyId,
      input.teamId,
      'escalationPolicyId',
    );
  }
  const actor = actorOf(caller.principal, caller.ip);

  return withTransaction(deps.db, async (trx) => {
    const taken = await trx
      .selectFrom('service')
      .select('id')
      .where('routing_key', '=', input.routingKey)
      .executeTakeFirst();
    if (taken) {
      throw new ConflictError(
        `The routing key "${input.routingKey}" is used by another service; choose another.`,
      );
    }
    const service = await trx
      .insertInto('service')
      .values({
        team_id: input.teamId,
        name: input.name,
        routing_key: input.routingKey,
        description: input.description,
        escalation_policy_id: input.escalationPolicyId,
      })
      .returning(['id', 'name', 'routing_key', 'team_id', 'escalation_policy_id'])
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, actor, {
      action: 'service.created',
      resourceType: 'service',
      resourceId: service.id,
      teamId: input.teamId,
    });
    return service;
  });
}
