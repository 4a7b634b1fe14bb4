import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { actorOf } from '../../auth/principal.ts';
import { loadPageOf, requireMappableServices } from '../access.ts';
import type { Caller, StatusAdminDeps } from '../deps.ts';
import type { updateComponentInput } from '../schemas.ts';
import { requestStatusWork } from '../status-queue.ts';
import { toComponentView } from '../views.ts';
import { requireSectionOfPage } from './create-component.ts';
import { writeServiceMapping } from './write-service-mapping.ts';

export async function updateStatusComponent(
  deps: StatusAdminDeps,
  caller: Caller,
  input: z.output<typeof updateComponentInput>,
) {
  const page = await loadPageOf(
    deps.db,
    caller.principal,
    'status_component',
    input.componentId,
    'configure',
  );
  if (input.serviceIds) await requireMappableServices(deps.db, caller.principal, input.serviceIds);
  await requireSectionOfPage(deps, page.id, input.sectionId);
  const actor = actorOf(caller.principal, caller.ip);

  const { component, serviceIds } = await withTransaction(deps.db, async (trx) => {
    const updated = await trx
      .updateTable('status_component')
      .set({
        ...(input.sectionId !== undefined && { section_id: input.sectionId }),
        ...(input.name !== undefined && { name: input.name }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.position !== undefined && { position: input.position }),
        ...(input.showUptime !== undefined && { show_uptime: input.showUptime }),
        updated_at: deps.clock.now(),
      })
      .where('id', '=', input.componentId)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (input.serviceIds) await writeServiceMapping(trx, input.componentId, input.serviceIds);
    const mapped = await trx
      .selectFrom('status_component_service')
      .select('service_id')
      .where('component_id', '=', input.componentId)
      .execute();
    await recordAuditEvent(trx, actor, {
      action: 'status_component.updated',
      resourceType: 'status_component',
      resourceId: input.componentId,
      teamId: page.team_id,
      metadata: { pageId: page.id, servicesChanged: input.serviceIds !== undefined },
    });
    return { component: updated, serviceIds: mapped.map((row) => row.service_id) };
  });

  await requestStatusWork(
    deps,
    [{ name: 'recompute', data: { pageIds: [page.id], serviceIds: [] } }],
    deps.clock.now(),
  );
  return toComponentView(component, serviceIds);
}
