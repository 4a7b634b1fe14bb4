import { withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { requireScope } from '../auth/permissions.ts';
import { actorOf } from '../auth/principal.ts';
import type { Caller, ConfigDeps } from '../shared/caller.ts';
import { loadRuleForAdmin } from './update-rule.ts';

/** Deletes a rule. Executions it triggered stay, with their rule reference cleared. */
export async function deleteRunbookRule(
  deps: ConfigDeps,
  caller: Caller,
  ruleId: string,
): Promise<void> {
  requireScope(caller.principal, 'config:write');
  const rule = await loadRuleForAdmin(deps.db, caller.principal, ruleId);
  const actor = actorOf(caller.principal, caller.ip);

  await withTransaction(deps.db, async (trx) => {
    await trx.deleteFrom('runbook_rule').where('id', '=', ruleId).execute();
    await recordAuditEvent(trx, actor, {
      action: 'runbook.rule_deleted',
      resourceType: 'runbook_rule',
      resourceId: ruleId,
      teamId: rule.team_id,
      metadata: { runbookId: rule.runbook_id, serviceId: rule.service_id },
    });
  });
}
