import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { requireScope } from '../auth/permissions.ts';
import { actorOf } from '../auth/principal.ts';
import type { Caller, ConfigDeps } from '../shared/caller.ts';
import { ConflictError } from '../shared/errors.ts';
import { loadRunbookForPrincipal } from './access.ts';
import { insertDraftVersion } from './insert-version.ts';
import { type RunbookVersionView, toVersionView } from './runbook-view.ts';
import type { saveDraftInput } from './schemas.ts';
import { normalizeVersionContent } from './version-content.ts';

/**
 * Saves an edit as a new DRAFT version; existing versions never change. Fails with a
 * conflict when the edit started from a version older than the newest one, so two authors
 * cannot silently overwrite each other's changes.
 */
export async function saveRunbookDraft(
  deps: ConfigDeps,
  caller: Caller,
  input: z.output<typeof saveDraftInput>,
): Promise<RunbookVersionView> {
  requireScope(caller.principal, 'config:write');
  const runbook = await loadRunbookForPrincipal(deps.db, caller.principal, input.runbookId, 'edit');
  const { runbookId, baseVersionId, ...rest } = input;
  const content = normalizeVersionContent(rest);
  const actor = actorOf(caller.principal, caller.ip);
  const now = deps.clock.now();

  return withTransaction(deps.db, async (trx) => {
    const locked = await trx
      .selectFrom('runbook')
      .select('latest_version')
      .where('id', '=', runbookId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const base = await trx
      .selectFrom('runbook_version')
      .select('version')
      .where('id', '=', baseVersionId)
      .where('runbook_id', '=', runbookId)
      .executeTakeFirst();
    if (!base || base.version !== locked.latest_version) {
      throw new ConflictError(
        `Version ${locked.latest_version} was saved after the one you edited; reload the runbook and apply your changes to it.`,
      );
    }

    const version = await insertDraftVersion(
      trx,
      runbookId,
      locked.latest_version + 1,
      content,
      caller.principal.userId,
      now,
    );
    await recordAuditEvent(trx, actor, {
      action: 'runbook.draft_saved',
      resourceType: 'runbook',
      resourceId: runbookId,
      teamId: runbook.team_id,
      metadata: { versionId: version.id, version: version.version },
    });
    return toVersionView(version);
  });
}
