import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { actorOf } from '../../auth/principal.ts';
import { ValidationError } from '../../shared/errors.ts';
import { loadPageForPrincipal, requireMappableServices } from '../access.ts';
import type { Caller, StatusAdminDeps } from '../deps.ts';
import type { createComponentInput } from '../schemas.ts';
import { requestStatusWork } from '../status-queue.ts';
import { toComponentView } from '../views.ts';
import { writeServiceMapping } from './write-service-mapping.ts';

/**
 * Adds a component with a public name, mapped to internal services whose incidents drive
 * its status. The service names stay internal: only the component's own name is published.
 */
export async function createStatusComponent(
  deps: StatusAdminDeps,
  caller: Caller,
  input: z.output<typeof createComponentInput>,
) {
  const page = await loadPageForPrincipal(deps.db, caller.principal, input.pageId, 'configure');
  await requireMappableServices(deps.db, caller.principal, input.serviceIds);
  await requireSectionOfPage(deps, page.id, input.sectionId);
  const actor = actorOf(caller.principal, caller.ip);

  const component = await withTransaction(deps.db, async (trx) => {
    const last = await trx
      .selectFrom('status_component')
      .select((eb) => eb.fn.max('position').as('position'))
      .where('page_id', '=', page.id)
      .executeTakeFirst();
    const created = await trx
      .insertInto('status_component')
      .values({
        page_id: page.id,
        section_id: input.sectionId,
        name: input.name,
        description: input.description,
        position: input.position ?? (last?.position ?? -1) + 1,
        show_uptime: input.showUptime,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeServiceMapping(trx, created.id, input.serviceIds);
    await recordAuditEvent(trx, actor, {
      action: 'status_component.created',
      resourceType: 'status_component',
      resourceId: created.id,
      teamId: page.team_id,
      metadata: { pageId: page.id, services: input.serviceIds.length },
    });
    return created;
  });

  await requestStatusWork(
    deps,
    [{ name: 'recompute', data: { pageIds: [page.id], serviceIds: [] } }],
    deps.clock.now(),
  );
  return toComponentView(component, [...new Set(input.serviceIds)]);
}

export async function requireSectionOfPage(
  deps: Pick<StatusAdminDeps, 'db'>,
  pageId: string,
  sectionId: string | null | undefined,
): Promise<void> {
  if (!sectionId) return;
  const section = await deps.db
    .selectFrom('status_section')
    .select('id')
    .where('id', '=', sectionId)
    .where('page_id', '=', pageId)
    .executeTakeFirst();
  if (!section) throw new ValidationError('sectionId', 'must be a section of the same status page');
}
