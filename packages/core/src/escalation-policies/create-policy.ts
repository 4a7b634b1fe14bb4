import { withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { requireScope, requireTeamRole } from '../auth/permissions.ts';
import { actorOf } from '../auth/principal.ts';
import type { Caller, ConfigDeps } from '../shared/caller.ts';
import type { EscalationPolicyFields } from './schemas.ts';
import { writeLevels } from './write-levels.ts';

/** Creates a policy; it becomes the team's default when the team has none yet. */
export async function createEscalationPolicy(
  deps: ConfigDeps,
  caller: Caller,
  input: EscalationPolicyFields & { teamId: string },
) {
  requireScope(caller.principal, 'config:write');
  await requireTeamRole(deps.db, caller.principal, input.teamId, 'TEAM_ADMIN');
  const actor = actorOf(caller.principal, caller.ip);

  return withTransaction(deps.db, async (trx) => {
    const policy = await trx
      .insertInto('escalation_policy')
      .values({
        team_id: input.teamId,
        name: input.name,
        description: input.description,
        repeat_count: input.repeatCount,
      })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
    await writeLevels(trx, policy.id, input.teamId, input.levels);
    await trx
      .updateTable('team')
      .set({ default_escalation_policy_id: policy.id })
      .where('id', '=', input.teamId)
      .where('default_escalation_policy_id', 'is', null)
      .execute();
    await recordAuditEvent(trx, actor, {
      action: 'escalation_policy.created',
      resourceType: 'escalation_policy',
      resourceId: policy.id,
      teamId: input.teamId,
      metadata: { levels: input.levels.length },
    });
    return policy;
  });
}
