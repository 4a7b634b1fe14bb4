import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { actorOf } from '../../auth/principal.ts';
import { loadPageOf } from '../access.ts';
import type { Caller, StatusAdminDeps } from '../deps.ts';
import type { updateSectionInput } from '../schemas.ts';
import { requestStatusWork } from '../status-queue.ts';
import { toSectionView } from '../views.ts';

export async function updateStatusSection(
  deps: StatusAdminDeps,
  caller: Caller,
  input: z.output<typeof updateSectionInput>,
) {
  const page = await loadPageOf(
    deps.db,
    caller.principal,
    'status_section',
    input.sectionId,
    'configure',
  );
  const actor = actorOf(caller.principal, caller.ip);

  const section = await withTransaction(deps.db, async (trx) => {
    const updated = await trx
      .updateTable('status_section')
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.position !== undefined && { position: input.position }),
      })
      .where('id', '=', input.sectionId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, actor, {
      action: 'status_section.updated',
      resourceType: 'status_section',
      resourceId: input.sectionId,
      teamId: page.team_id,
      metadata: { pageId: page.id },
    });
    return updated;
  });

  await requestStatusWork(
    deps,
    [{ name: 'recompute', data: { pageIds: [page.id], serviceIds: [] } }],
    deps.clock.now(),
  );
  return toSectionView(section);
}
