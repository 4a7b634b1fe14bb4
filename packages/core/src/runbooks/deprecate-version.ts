import { withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { requirePlatformAdmin } from '../auth/permissions.ts';
import { actorOf } from '../auth/principal.ts';
import type { Caller, ConfigDeps } from '../shared/caller.ts';
import { ConflictError } from '../shared/errors.ts';
import { lockVersion } from './approve-version.ts';
import { type RunbookVersionView, toVersionView } from './runbook-view.ts';

/**
 * Deprecates a DRAFT or APPROVED version. Deprecating the approved version leaves the
 * runbook with nothing to run until another version is approved. Runs already queued keep
 * the script they were queued with.
 */
export async function deprecateVersion(
  deps: ConfigDeps,
  caller: Caller,
  versionId: string,
): Promise<RunbookVersionView> {
  requirePlatformAdmin(caller.principal);
  const actor = actorOf(caller.principal, caller.ip);
  const now = deps.clock.now();

  return withTransaction(deps.db, async (trx) => {
    const version = await lockVersion(trx, versionId);
    if (version.status === 'DEPRECATED') {
      throw new ConflictError(`Version ${version.version} is already deprecated.`);
    }
    const row = await trx
      .updateTable('runbook_version')
      .set({ status: 'DEPRECATED', deprecated_by: caller.principal.userId, deprecated_at: now })
      .where('id', '=', versionId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('runbook')
      .set({ updated_at: now })
      .where('id', '=', version.runbook_id)
      .execute();
    await recordAuditEvent(trx, actor, {
      action: 'runbook.version_deprecated',
      resourceType: 'runbook',
      resourceId: version.runbook_id,
      teamId: version.team_id,
      metadata: { versionId, version: version.version, wasApproved: version.status === 'APPROVED' },
    });
    return toVersionView(row);
  });
}
