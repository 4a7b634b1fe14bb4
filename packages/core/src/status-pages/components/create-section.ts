import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { actorOf } from '../../auth/principal.ts';
import { loadPageForPrincipal } from '../access.ts';
import type { Caller, StatusAdminDeps } from '../deps.ts';
import type { createSectionInput } from '../schemas.ts';
import { requestStatusWork } from '../status-queue.ts';
import { toSectionView } from '../views.ts';

/** Adds a section (a group of components); without a position it goes last. */
export async function createStatusSection(
  deps: StatusAdminDeps,
  caller: Caller,
  input: z.output<typeof createSectionInput>,
) {
  const page = await loadPageForPrincipal(deps.db, caller.principal, input.pageId, 'configure');
  const actor = actorOf(caller.principal, caller.ip);

  const section = await withTransaction(deps.db, async (trx) => {
    const last = await trx
      .selectFrom('status_section')
      .select((eb) => eb.fn.max('position').as('position'))
      .where('page_id', '=', page.id)
      .executeTakeFirst();
    const created = await trx
      .insertInto('status_section')
      .values({
        page_id: page.id,
        name: input.name,
        position: input.position ?? (last?.position ?? -1) + 1,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, actor, {
      action: 'status_section.created',
      resourceType: 'status_section',
      resourceId: created.id,
      teamId: page.team_id,
      metadata: { pageId: page.id },
    });
    return created;
  });

  await requestStatusWork(
    deps,
    [{ name: 'recompute', data: { pageIds: [page.id], serviceIds: [] } }],
    deps.clock.now(),
  );
  return toSectionView(section);
}
