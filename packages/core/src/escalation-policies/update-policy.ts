import { withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { requireScope, requireTeamRole } from '../auth/permissions.ts';
import { actorOf } from '../auth/principal.ts';
import type { Caller, ConfigDeps } from '../shared/caller.ts';
import { NotFoundError, ValidationError } from '../shared/errors.ts';
import type { EscalationPolicyFields } from './schemas.ts';
import { writeLevels } from './write-levels.ts';

/**
 * Replaces a policy's settings and levels. Incidents already escalating continue from
 * their current level number under the new levels.
 */
export async function updateEscalationPolicy(
  deps: ConfigDeps,
  caller: Caller,
  input: EscalationPolicyFields & { policyId: string },
) {
  requireScope(caller.principal, 'config:write');
  const policy = await deps.db
    .selectFrom('escalation_policy')
    .select(['id', 'team_id'])
    .where('id', '=', input.policyId)
    .executeTakeFirst();
  if (!policy) throw new NotFoundError('Escalation policy', input.policyId);
  await requireTeamRole(deps.db, caller.principal, policy.team_id, 'TEAM_ADMIN');
  const actor = actorOf(caller.principal, caller.ip);

  await withTransaction(deps.db, async (trx) => {
    await trx
      .updateTable('escalation_policy')
      .set({
        name: input.name,
        description: input.description,
        repeat_count: input.repeatCount,
        updated_at: deps.clock.now(),
      })
      .where('id', '=', input.policyId)
      .execute();
    await writeLevels(trx, input.policyId, policy.team_id, input.levels);
    await recordAuditEvent(trx, actor, {
      action: 'escalation_policy.updated',
      resourceType: 'escalation_policy',
      resourceId: input.policyId,
      teamId: policy.team_id,
      metadata: { levels: input.levels.length },
    });
  });
}

/** Sets or clears the team's default policy, used by services without an override. */
export async function setTeamDefaultPolicy(
  deps: ConfigDeps,
  caller: Caller,
  input: { teamId: string; escalationPolicyId: string | null },
) {
  requireScope(caller.principal, 'config:write');
  await requireTeamRole(deps.db, caller.principal, input.teamId, 'TEAM_ADMIN');
  if (input.escalationPolicyId) {
    const policy = await deps.db
      .selectFrom('escalation_policy')
      .select('team_id')
      .where('id', '=', input.escalationPolicyId)
      .executeTakeFirst();
    if (!policy || policy.team_id !== input.teamId) {
      throw new ValidationError('escalationPolicyId', 'must be an escalation policy of this team');
    }
  }
  await withTransaction(deps.db, async (trx) => {
    await trx
      .updateTable('team')
      .set({ default_escalation_policy_id: input.escalationPolicyId })
      .where('id', '=', input.teamId)
      .execute();
    await recordAuditEvent(trx, actorOf(caller.principal, caller.ip), {
      action: 'team.default_policy_set',
      resourceType: 'team',
      resourceId: input.teamId,
      teamId: input.teamId,
      metadata: { escalationPolicyId: input.escalationPolicyId },
    });
  });
}
