import { randomUUID } from 'node:crypto';
import type { RunbookExecutionView } from '@pagefree/contracts';
import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { actorOf } from '../auth/principal.ts';
import { loadIncidentForPrincipal } from '../incidents/load-incident-for-change.ts';
import type { Caller, ConfigDeps } from '../shared/caller.ts';
import { NotFoundError, ValidationError } from '../shared/errors.ts';
import { loadRunbookForPrincipal, runbookServesTeam } from './access.ts';
import { selectExecutions, toExecutionView } from './execution-view.ts';
import { validateParameters } from './parameters-schema.ts';
import { queueExecution } from './queue-execution.ts';
import type { dryRunInput } from './schemas.ts';

/**
 * Queues a dry run: any version, drafts included, runs in the sandbox against a past
 * incident's context so its author can test it before asking for approval. A dry run gets
 * no secrets, may only send GET and HEAD requests, and never reaches private addresses,
 * because no admin has approved its code or hosts yet. It is not retried and does not count
 * towards the team's circuit breaker. Runbook editors only.
 */
export async function dryRunVersion(
  deps: ConfigDeps,
  caller: Caller,
  input: z.output<typeof dryRunInput>,
): Promise<RunbookExecutionView> {
  const version = await deps.db
    .selectFrom('runbook_version')
    .selectAll()
    .where('id', '=', input.versionId)
    .executeTakeFirst();
  if (!version) throw new NotFoundError('Runbook version', input.versionId);
  const runbook = await loadRunbookForPrincipal(
    deps.db,
    caller.principal,
    version.runbook_id,
    'edit',
  );
  const incident = await loadIncidentForPrincipal(deps.db, caller.principal, input.incidentId, {
    scope: 'incidents:read',
    role: 'OBSERVER',
  });
  if (!runbookServesTeam(runbook.team_id, incident.team_id)) {
    throw new ValidationError('incidentId', "must be an incident of the runbook's team");
  }
  const parameters = validateParameters(version.parameters_schema, input.parameters);
  const actor = actorOf(caller.principal, caller.ip);
  const now = deps.clock.now();

  const executionId = await withTransaction(deps.db, async (trx) => {
    const queued = await queueExecution(trx, {
      version,
      incident,
      trigger: {
        type: 'dry_run',
        key: `dry-run:${randomUUID()}`,
        userId: caller.principal.userId,
        ruleId: null,
        rerunOf: null,
      },
      parameters,
      dryRun: true,
      now,
    });
    await recordAuditEvent(trx, actor, {
      action: 'runbook.dry_run_requested',
      resourceType: 'runbook_execution',
      resourceId: queued.executionId,
      teamId: incident.team_id,
      metadata: { runbookId: version.runbook_id, versionId: version.id, incidentId: incident.id },
    });
    return queued.executionId;
  });

  const row = await selectExecutions(deps.db)
    .where('runbook_execution.id', '=', executionId)
    .executeTakeFirstOrThrow();
  return toExecutionView(row);
}
