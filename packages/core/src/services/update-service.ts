import { withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { requireScope, requireTeamRole } from '../auth/permissions.ts';
import { actorOf } from '../auth/principal.ts';
import type { Caller, ConfigDeps } from '../shared/caller.ts';
import { NotFoundError } from '../shared/errors.ts';
import { requirePolicyOfTeam } from './policy-belongs-to-team.ts';

export async function updateService(
  deps: ConfigDeps,
  caller: Caller,
  input: {
    serviceId: string;
    name?: string | undefined;
    description?: string | undefined;
    escalationPolicyId?: string | null | undefined;
  },
) {
  requireScope(caller.principal, 'config:write');
  const service = await deps.db
    .selectFrom('service')
    .select(['id', 'team_id'])
    .where('id', '=', input.serviceId)
    .executeTakeFirst();
  if (!service) throw new NotFoundError('Service', input.serviceId);
  await requireTeamRole(deps.db, caller.principal, service.team_id, 'TEAM_ADMIN');
  if (input.escalationPolicyId) {
    await requirePolicyOfTeam(
      deps.db,
      input.escalationPolicyId,
      service.team_id,
      'escalationPolicyId',
    );
  }
  const actor = actorOf(caller.principal, caller.ip);

  return withTransaction(deps.db, async (trx) => {
    const updated = await trx
      .updateTable('service')
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.escalationPolicyId !== undefined && {
          escalation_policy_id: input.escalationPolicyId,
        }),
        updated_at: deps.clock.now(),
      })
      .where('id', '=', input.serviceId)
      .returning(['id', 'name', 'routing_key', 'team_id', 'escalation_policy_id'])
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, actor, {
      action: 'service.updated',
      resourceType: 'service',
      resourceId: input.serviceId,
      teamId: service.team_id,
    });
    return updated;
  });
}
