import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { actorOf } from '../../auth/principal.ts';
import { ConflictError } from '../../shared/errors.ts';
import { loadPageForPrincipal } from '../access.ts';
import type { Caller, StatusAdminDeps } from '../deps.ts';
import type { createTemplateInput } from '../schemas.ts';
import { toTemplateView } from '../views.ts';

/** Saves a reusable incident title and text, e.g. "Degraded payments", for one page. */
export async function createStatusTemplate(
  deps: StatusAdminDeps,
  caller: Caller,
  input: z.output<typeof createTemplateInput>,
) {
  const page = await loadPageForPrincipal(deps.db, caller.principal, input.pageId, 'configure');
  const actor = actorOf(caller.principal, caller.ip);

  return withTransaction(deps.db, async (trx) => {
    const nameTaken = await trx
      .selectFrom('status_template')
      .select('id')
      .where('page_id', '=', page.id)
      .where('name', '=', input.name)
      .executeTakeFirst();
    if (nameTaken)
      throw new ConflictError(`A template named "${input.name}" exists; choose another name.`);
    const template = await trx
      .insertInto('status_template')
      .values({
        page_id: page.id,
        name: input.name,
        title: input.title,
        body: input.body,
        status: input.status,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, actor, {
      action: 'status_template.created',
      resourceType: 'status_template',
      resourceId: template.id,
      teamId: page.team_id,
      metadata: { pageId: page.id },
    });
    return toTemplateView(template);
  });
}
