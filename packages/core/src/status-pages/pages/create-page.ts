import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { requireScope, requireTeamRole } from '../../auth/permissions.ts';
import { actorOf } from '../../auth/principal.ts';
import { ConflictError } from '../../shared/errors.ts';
import type { Caller, StatusAdminDeps } from '../deps.ts';
import type { createPageInput } from '../schemas.ts';
import { requestStatusWork } from '../status-queue.ts';
import { toPageView } from '../views.ts';

/** Creates a status page owned by a team; team admins of that team manage it. */
export async function createStatusPage(
  deps: StatusAdminDeps,
  caller: Caller,
  input: z.output<typeof createPageInput>,
) {
  requireScope(caller.principal, 'config:write');
  await requireTeamRole(deps.db, caller.principal, input.teamId, 'TEAM_ADMIN');
  const actor = actorOf(caller.principal, caller.ip);

  const page = await withTransaction(deps.db, async (trx) => {
    const slugTaken = await trx
      .selectFrom('status_page')
      .select('id')
      .where('slug', '=', input.slug)
      .executeTakeFirst();
    if (slugTaken) {
      throw new ConflictError(
        `The slug "${input.slug}" is used by another status page; choose another.`,
      );
    }
    const created = await trx
      .insertInto('status_page')
      .values({
        team_id: input.teamId,
        slug: input.slug,
        name: input.name,
        description: input.description,
        visibility: input.visibility,
        time_zone: input.timeZone,
        frame_ancestors: input.frameAncestors,
        support_url: input.supportUrl,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, actor, {
      action: 'status_page.created',
      resourceType: 'status_page',
      resourceId: created.id,
      teamId: input.teamId,
      metadata: { slug: input.slug, visibility: input.visibility },
    });
    return created;
  });

  await requestStatusWork(
    deps,
    [{ name: 'recompute', data: { pageIds: [page.id], serviceIds: [] } }],
    deps.clock.now(),
  );
  return toPageView(page, deps.statusSiteUrl);
}
