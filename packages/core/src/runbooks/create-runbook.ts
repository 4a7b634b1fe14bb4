import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { requireScope } from '../auth/permissions.ts';
import { actorOf } from '../auth/principal.ts';
import type { Caller, ConfigDeps } from '../shared/caller.ts';
import { requireRunbookEditor } from './access.ts';
import { insertDraftVersion } from './insert-version.ts';
import { type RunbookVersionView, toVersionView } from './runbook-view.ts';
import type { createRunbookInput } from './schemas.ts';
import { normalizeVersionContent } from './version-content.ts';

/** Creates a runbook with its first version as a DRAFT; nothing runs until an admin approves. */
export async function createRunbook(
  deps: ConfigDeps,
  caller: Caller,
  input: z.output<typeof createRunbookInput>,
): Promise<{ runbookId: string; version: RunbookVersionView }> {
  requireScope(caller.principal, 'config:write');
  await requireRunbookEditor(deps.db, caller.principal, input.teamId);
  const { teamId, ...rest } = input;
  const content = normalizeVersionContent(rest);
  const actor = actorOf(caller.principal, caller.ip);
  const now = deps.clock.now();

  return withTransaction(deps.db, async (trx) => {
    const runbook = await trx
      .insertInto('runbook')
      .values({
        team_id: teamId,
        created_by: caller.principal.userId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const version = await insertDraftVersion(
      trx,
      runbook.id,
      1,
      content,
      caller.principal.userId,
      now,
    );
    await recordAuditEvent(trx, actor, {
      action: 'runbook.created',
      resourceType: 'runbook',
      resourceId: runbook.id,
      teamId,
      metadata: { versionId: version.id, version: 1 },
    });
    return { runbookId: runbook.id, version: toVersionView(version) };
  });
}
