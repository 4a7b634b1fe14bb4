import { type Db, withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { requirePlatformAdmin } from '../auth/permissions.ts';
import { actorOf } from '../auth/principal.ts';
import type { Caller, ConfigDeps } from '../shared/caller.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../shared/errors.ts';
import { type RunbookVersionView, toVersionView } from './runbook-view.ts';

/**
 * Approves a DRAFT version, which makes it the one version of the runbook that runs; the
 * previously approved version becomes DEPRECATED. Only a platform admin approves, and not a
 * draft they wrote themselves while another active platform admin exists to review it.
 */
export async function approveVersion(
  deps: ConfigDeps,
  caller: Caller,
  versionId: string,
): Promise<RunbookVersionView> {
  requirePlatformAdmin(caller.principal);
  const actor = actorOf(caller.principal, caller.ip);
  const now = deps.clock.now();

  return withTransaction(deps.db, async (trx) => {
    const version = await lockVersion(trx, versionId);
    if (version.status !== 'DRAFT') {
      throw new ConflictError(
        `Version ${version.version} is ${version.status}; only a DRAFT can be approved.`,
      );
    }
    if (
      version.created_by === caller.principal.userId &&
      (await otherActiveAdmins(trx, caller.principal.userId)) > 0
    ) {
      throw new ForbiddenError('You wrote this draft; another platform admin has to approve it.');
    }

    const previous = await trx
      .updateTable('runbook_version')
      .set({ status: 'DEPRECATED', deprecated_by: caller.principal.userId, deprecated_at: now })
      .where('runbook_id', '=', version.runbook_id)
      .where('status', '=', 'APPROVED')
      .returning(['id', 'version'])
      .executeTakeFirst();
    const approved = await trx
      .updateTable('runbook_version')
      .set({ status: 'APPROVED', approved_by: caller.principal.userId, approved_at: now })
      .where('id', '=', versionId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('runbook')
      .set({ updated_at: now })
      .where('id', '=', version.runbook_id)
      .execute();

    await recordAuditEvent(trx, actor, {
      action: 'runbook.version_approved',
      resourceType: 'runbook',
      resourceId: version.runbook_id,
      teamId: version.team_id,
      metadata: {
        versionId,
        version: version.version,
        deprecatedVersionId: previous?.id ?? null,
      },
    });
    return toVersionView(approved);
  });
}

/** Locks a version row (and reads its runbook's team) for a status change. */
export async function lockVersion(trx: Db, versionId: string) {
  const version = await trx
    .selectFrom('runbook_version')
    .innerJoin('runbook', 'runbook.id', 'runbook_version.runbook_id')
    .select([
      'runbook_version.id',
      'runbook_version.runbook_id',
      'runbook_version.version',
      'runbook_version.status',
      'runbook_version.created_by',
      'runbook.team_id',
    ])
    .where('runbook_version.id', '=', versionId)
    .forUpdate()
    .executeTakeFirst();
  if (!version) throw new NotFoundError('Runbook version', versionId);
  return version;
}

async function otherActiveAdmins(trx: Db, userId: string): Promise<number> {
  const row = await trx
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('platform_role', '=', 'PLATFORM_ADMIN')
    .where('deactivated_at', 'is', null)
    .where('id', '<>', userId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
