import { type Db, withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { requireScope, requireTeamRole } from '../auth/permissions.ts';
import { actorOf, type Principal } from '../auth/principal.ts';
import type { Caller, ConfigDeps } from '../shared/caller.ts';
import { NotFoundError } from '../shared/errors.ts';
import { checkRuleParameters } from './create-rule.ts';
import { type RunbookRuleView, toRuleView } from './rule-view.ts';
import type { updateRuleInput } from './schemas.ts';

/**
 * Changes a rule. Re-enabling a disabled rule moves its start to now, so incidents opened
 * while it was off do not fire it late.
 */
export async function updateRunbookRule(
  deps: ConfigDeps,
  caller: Caller,
  input: z.output<typeof updateRuleInput>,
): Promise<RunbookRuleView> {
  requireScope(caller.principal, 'config:write');
  const rule = await loadRuleForAdmin(deps.db, caller.principal, input.ruleId);
  if (input.parameters !== undefined) {
    await checkRuleParameters(deps.db, rule.runbook_id, input.parameters);
  }
  const actor = actorOf(caller.principal, caller.ip);
  const now = deps.clock.now();

  return withTransaction(deps.db, async (trx) => {
    const row = await trx
      .updateTable('runbook_rule')
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.priorities !== undefined && { priorities: input.priorities }),
        ...(input.labels !== undefined && { labels: JSON.stringify(input.labels) }),
        ...(input.parameters !== undefined && { parameters: JSON.stringify(input.parameters) }),
        ...(input.enabled !== undefined && { enabled: input.enabled }),
        ...(input.enabled === true && !rule.enabled && { active_since: now }),
        updated_at: now,
      })
      .where('id', '=', input.ruleId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, actor, {
      action: 'runbook.rule_updated',
      resourceType: 'runbook_rule',
      resourceId: input.ruleId,
      teamId: rule.team_id,
      metadata: { runbookId: rule.runbook_id, enabled: row.enabled },
    });
    return toRuleView(row);
  });
}

/** Loads a rule after checking that the principal is a team admin of the rule's team. */
export async function loadRuleForAdmin(db: Db, principal: Principal, ruleId: string) {
  const rule = await db
    .selectFrom('runbook_rule')
    .selectAll()
    .where('id', '=', ruleId)
    .executeTakeFirst();
  if (!rule) throw new NotFoundError('Runbook rule', ruleId);
  try {
    await requireTeamRole(db, principal, rule.team_id, 'OBSERVER');
  } catch {
    throw new NotFoundError('Runbook rule', ruleId);
  }
  await requireTeamRole(db, principal, rule.team_id, 'TEAM_ADMIN');
  return rule;
}
