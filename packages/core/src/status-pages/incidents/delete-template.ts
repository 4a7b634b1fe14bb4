import { withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { actorOf } from '../../auth/principal.ts';
import { loadPageOf } from '../access.ts';
import type { Caller, StatusAdminDeps } from '../deps.ts';

export async function deleteStatusTemplate(
  deps: StatusAdminDeps,
  caller: Caller,
  input: { templateId: string },
): Promise<void> {
  const page = await loadPageOf(
    deps.db,
    caller.principal,
    'status_template',
    input.templateId,
    'configure',
  );
  const actor = actorOf(caller.principal, caller.ip);

  await withTransaction(deps.db, async (trx) => {
    await trx.deleteFrom('status_template').where('id', '=', input.templateId).execute();
    await recordAuditEvent(trx, actor, {
      action: 'status_template.deleted',
      resourceType: 'status_template',
      resourceId: input.templateId,
      teamId: page.team_id,
      metadata: { pageId: page.id },
    });
  });
}
