import { withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { actorOf } from '../../auth/principal.ts';
import { ConflictError } from '../../shared/errors.ts';
import { loadPageOf } from '../access.ts';
import type { Caller, StatusAdminDeps } from '../deps.ts';
import { recordNoticeEvent } from '../notices/record-notice-event.ts';
import { requestStatusWork, type StatusJobRequest } from '../status-queue.ts';

/**
 * Cancels a maintenance and every later repeat. A window in progress ends now and
 * subscribers are notified that it is complete; a scheduled one is withdrawn without a notice.
 */
export async function cancelMaintenance(
  deps: StatusAdminDeps,
  caller: Caller,
  input: { maintenanceId: string },
): Promise<{ state: 'cancelled' | 'completed' }> {
  const page = await loadPageOf(
    deps.db,
    caller.principal,
    'status_maintenance',
    input.maintenanceId,
    'configure',
  );
  const actor = actorOf(caller.principal, caller.ip);
  const now = deps.clock.now();

  const outcome = await withTransaction(deps.db, async (trx) => {
    const row = await trx
      .selectFrom('status_maintenance')
      .selectAll()
      .where('id', '=', input.maintenanceId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (row.state === 'completed' || row.state === 'cancelled') {
      throw new ConflictError(`The maintenance is already ${row.state}.`);
    }
    const state = row.state === 'in_progress' ? ('completed' as const) : ('cancelled' as const);
    await trx
      .updateTable('status_maintenance')
      .set({ state, updated_at: now, ...(state === 'completed' && { completed_at: now }) })
      .where('id', '=', row.id)
      .execute();
    let eventId: string | null = null;
    if (state === 'completed') {
      const covered = await trx
        .selectFrom('status_maintenance_component')
        .select('component_id')
        .where('maintenance_id', '=', row.id)
        .execute();
      eventId = await recordNoticeEvent(trx, {
        pageId: page.id,
        kind: 'maintenance_completed',
        maintenanceId: row.id,
        occurrenceStartsAt: row.occurrence_starts_at,
        componentIds: covered.map((entry) => entry.component_id),
      });
    }
    await recordAuditEvent(trx, actor, {
      action: 'status_maintenance.cancelled',
      resourceType: 'status_maintenance',
      resourceId: row.id,
      teamId: page.team_id,
      metadata: { pageId: page.id, state },
    });
    return { state, eventId };
  });

  const jobs: StatusJobRequest[] = [
    { name: 'recompute', data: { pageIds: [page.id], serviceIds: [] } },
  ];
  if (outcome.eventId) jobs.push({ name: 'fan-out', data: { eventId: outcome.eventId } });
  await requestStatusWork(deps, jobs, now);
  return { state: outcome.state };
}
