import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { actorOf } from '../../auth/principal.ts';
import { ConflictError } from '../../shared/errors.ts';
import { loadPageOf } from '../access.ts';
import type { Caller, StatusAdminDeps } from '../deps.ts';
import type { updateTemplateInput } from '../schemas.ts';
import { toTemplateView } from '../views.ts';

export async function updateStatusTemplate(
  deps: StatusAdminDeps,
  caller: Caller,
  input: z.output<typeof updateTemplateInput>,
) {
  const page = await loadPageOf(
    deps.db,
    caller.principal,
    'status_template',
    input.templateId,
    'configure',
  );
  const actor = actorOf(caller.principal, caller.ip);

  return withTransaction(deps.db, async (trx) => {
    if (input.name !== undefined) {
      const nameTaken = await trx
        .selectFrom('status_template')
        .select('id')
        .where('page_id', '=', page.id)
        .where('name', '=', input.name)
        .where('id', '<>', input.templateId)
        .executeTakeFirst();
      if (nameTaken)
        throw new ConflictError(`A template named "${input.name}" exists; choose another name.`);
    }
    const template = await trx
      .updateTable('status_template')
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.title !== undefined && { title: input.title }),
        ...(input.body !== undefined && { body: input.body }),
        ...(input.status !== undefined && { status: input.status }),
        updated_at: deps.clock.now(),
      })
      .where('id', '=', input.templateId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, actor, {
      action: 'status_template.updated',
      resourceType: 'status_template',
      resourceId: input.templateId,
      teamId: page.team_id,
      metadata: { pageId: page.id },
    });
    return toTemplateView(template);
  });
}
