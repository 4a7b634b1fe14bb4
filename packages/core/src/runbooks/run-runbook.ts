import type { RunbookExecutionView } from '@pagefree/contracts';
import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { actorOf } from '../auth/principal.ts';
import type { Caller, ConfigDeps } from '../shared/caller.ts';
import { ConflictError } from '../shared/errors.ts';
import { selectExecutions, toExecutionView } from './execution-view.ts';
import { validateParameters } from './parameters-schema.ts';
import { loadRunTarget } from './prepare-run.ts';
import { queueExecution } from './queue-execution.ts';
import type { runRunbookInput } from './schemas.ts';

/**
 * Queues a manual run of the runbook's approved version on an incident, after the
 * confirmation from `prepareRun`. Only queues: the worker dispatches it to the runner, so
 * this returns at once whatever the script does. Repeating the call with the same
 * confirmation id returns the run the first call queued.
 */
export async function runRunbook(
  deps: ConfigDeps,
  caller: Caller,
  input: z.output<typeof runRunbookInput>,
): Promise<RunbookExecutionView> {
  const { incident, version } = await loadRunTarget(
    deps.db,
    caller.principal,
    input.incidentId,
    input.runbookId,
  );
  if (version.id !== input.versionId) {
    throw new ConflictError(
      `Version ${version.version} is now the approved one, not the version you confirmed; review it and confirm again.`,
    );
  }
  const parameters = validateParameters(version.parameters_schema, input.parameters);
  const actor = actorOf(caller.principal, caller.ip);
  const now = deps.clock.now();

  const executionId = await withTransaction(deps.db, async (trx) => {
    const queued = await queueExecution(trx, {
      version,
      incident,
      trigger: {
        type: 'manual',
        key: `manual:${input.confirmationId}`,
        userId: caller.principal.userId,
        ruleId: null,
        rerunOf: null,
      },
      parameters,
      dryRun: false,
      now,
    });
    if (queued.created) {
      await recordAuditEvent(trx, actor, {
        action: 'runbook.run_requested',
        resourceType: 'runbook_execution',
        resourceId: queued.executionId,
        teamId: incident.team_id,
        metadata: { runbookId: input.runbookId, versionId: version.id, incidentId: incident.id },
      });
    }
    return queued.executionId;
  });

  const row = await selectExecutions(deps.db)
    .where('runbook_execution.id', '=', executionId)
    .executeTakeFirstOrThrow();
  return toExecutionView(row);
}
