import type { RunbookExecutionView } from '@pagefree/contracts';
import { withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { requirePlatformAdmin } from '../auth/permissions.ts';
import { actorOf } from '../auth/principal.ts';
import type { Caller, ConfigDeps } from '../shared/caller.ts';
import { ConflictError, NotFoundError } from '../shared/errors.ts';
import { selectExecutions, toExecutionView } from './execution-view.ts';
import { queueExecution } from './queue-execution.ts';
import { findApprovedVersion } from './runbook-view.ts';

/**
 * Queues a new run for a dead letter: same runbook, incident and parameters, with the version
 * approved now (the dead run's own version may be deprecated meanwhile, and only the approved
 * version runs). Each dead letter is re-run at most once. Platform admins only.
 */
export async function rerunDeadLetter(
  deps: ConfigDeps,
  caller: Caller,
  deadLetterId: string,
): Promise<RunbookExecutionView> {
  requirePlatformAdmin(caller.principal);
  const actor = actorOf(caller.principal, caller.ip);
  const now = deps.clock.now();

  const executionId = await withTransaction(deps.db, async (trx) => {
    const letter = await trx
      .selectFrom('runbook_dead_letter as letter')
      .innerJoin('runbook_execution as execution', 'execution.id', 'letter.execution_id')
      .select([
        'letter.id',
        'letter.rerun_at',
        'execution.id as execution_id',
        'execution.runbook_id',
        'execution.incident_id',
        'execution.team_id',
        'execution.parameters',
      ])
      .where('letter.id', '=', deadLetterId)
      .forUpdate()
      .executeTakeFirst();
    if (!letter) throw new NotFoundError('Dead letter', deadLetterId);
    if (letter.rerun_at) throw new ConflictError('This dead letter was already re-run.');
    const version = await findApprovedVersion(trx, letter.runbook_id);
    if (!version) {
      throw new ConflictError('The runbook has no approved version now; approve one to re-run.');
    }

    const queued = await queueExecution(trx, {
      version,
      incident: { id: letter.incident_id, team_id: letter.team_id },
      trigger: {
        type: 'rerun',
        key: `rerun:${deadLetterId}`,
        userId: caller.principal.userId,
        ruleId: null,
        rerunOf: letter.execution_id,
      },
      parameters: letter.parameters,
      dryRun: false,
      now,
    });
    await trx
      .updateTable('runbook_dead_letter')
      .set({
        rerun_execution_id: queued.executionId,
        rerun_by: caller.principal.userId,
        rerun_at: now,
      })
      .where('id', '=', deadLetterId)
      .execute();
    await recordAuditEvent(trx, actor, {
      action: 'runbook.dead_letter_rerun',
      resourceType: 'runbook_execution',
      resourceId: queued.executionId,
      teamId: letter.team_id,
      metadata: { deadLetterId, rerunOf: letter.execution_id, versionId: version.id },
    });
    return queued.executionId;
  });

  const row = await selectExecutions(deps.db)
    .where('runbook_execution.id', '=', executionId)
    .executeTakeFirstOrThrow();
  return toExecutionView(row);
}
