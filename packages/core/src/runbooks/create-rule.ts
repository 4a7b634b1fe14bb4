import { type Db, withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { requireScope, requireTeamRole } from '../auth/permissions.ts';
import { actorOf, type Principal } from '../auth/principal.ts';
import type { Caller, ConfigDeps } from '../shared/caller.ts';
import { NotFoundError, ValidationError } from '../shared/errors.ts';
import { loadRunbookForPrincipal, runbookServesTeam } from './access.ts';
import { checkParametersShape, validateParameters } from './parameters-schema.ts';
import { type RunbookRuleView, toRuleView } from './rule-view.ts';
import { findApprovedVersion } from './runbook-view.ts';
import type { createRuleInput } from './schemas.ts';

/**
 * Creates a rule that runs a runbook when an incident of the service opens with a matching
 * priority and labels. Team admins of the service's team create rules, for their team's
 * runbooks or global ones. Incidents opened before the rule existed never fire it.
 */
export async function createRunbookRule(
  deps: ConfigDeps,
  caller: Caller,
  input: z.output<typeof createRuleInput>,
): Promise<RunbookRuleView> {
  requireScope(caller.principal, 'config:write');
  const service = await loadServiceForRule(deps.db, caller.principal, input.serviceId);
  await requireRunbookForTeam(deps.db, caller.principal, input.runbookId, service.team_id);
  await checkRuleParameters(deps.db, input.runbookId, input.parameters);
  const actor = actorOf(caller.principal, caller.ip);
  const now = deps.clock.now();

  return withTransaction(deps.db, async (trx) => {
    const row = await trx
      .insertInto('runbook_rule')
      .values({
        team_id: service.team_id,
        service_id: input.serviceId,
        runbook_id: input.runbookId,
        name: input.name,
        priorities: input.priorities,
        labels: JSON.stringify(input.labels),
        parameters: JSON.stringify(input.parameters),
        enabled: input.enabled,
        active_since: now,
        created_by: caller.principal.userId,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, actor, {
      action: 'runbook.rule_created',
      resourceType: 'runbook_rule',
      resourceId: row.id,
      teamId: service.team_id,
      metadata: { runbookId: input.runbookId, serviceId: input.serviceId, enabled: input.enabled },
    });
    return toRuleView(row);
  });
}

/** Loads a service after checking that the principal is a team admin of its team. */
export async function loadServiceForRule(db: Db, principal: Principal, serviceId: string) {
  const service = await db
    .selectFrom('service')
    .select(['id', 'team_id'])
    .where('id', '=', serviceId)
    .executeTakeFirst();
  if (!service) throw new NotFoundError('Service', serviceId);
  try {
    await requireTeamRole(db, principal, service.team_id, 'OBSERVER');
  } catch {
    throw new NotFoundError('Service', serviceId);
  }
  await requireTeamRole(db, principal, service.team_id, 'TEAM_ADMIN');
  return service;
}

async function requireRunbookForTeam(
  db: Db,
  principal: Principal,
  runbookId: string,
  teamId: string,
): Promise<void> {
  const runbook = await loadRunbookForPrincipal(db, principal, runbookId, 'read');
  if (!runbookServesTeam(runbook.team_id, teamId)) {
    throw new ValidationError(
      'runbookId',
      "must be a runbook of the service's team or a global one",
    );
  }
}

/**
 * Checks a rule's parameters when it is saved: against the approved version's schema, or only
 * their depth and size while no version is approved. Throws ValidationError on `parameters`.
 * A version approved later is checked by the rule scan, which records `invalid_parameters`.
 */
export async function checkRuleParameters(
  db: Db,
  runbookId: string,
  parameters: Record<string, unknown>,
): Promise<void> {
  checkParametersShape(parameters);
  const version = await findApprovedVersion(db, runbookId);
  if (version) validateParameters(version.parameters_schema, parameters);
}
