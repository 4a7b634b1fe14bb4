import type { ComponentStatus, Db } from '@pagefree/db';

/**
 * Records each component's status as an interval: when the status differs from the open
 * interval, the open one ends at `now` and a new one starts. Uptime history is derived from
 * these rows, so they are written in the publishing transaction and never rewritten.
 *
 * NOTE: an interval starts when the change is published, not when the incident changed.
 * Normally that is within a second; after a lost recompute job it is when the status
 * sweeper catches up.
 */
export async function recordStatusIntervals(
  trx: Db,
  statuses: ReadonlyMap<string, ComponentStatus>,
  now: Date,
): Promise<void> {
  if (statuses.size === 0) return;
  const open = await trx
    .selectFrom('status_component_interval')
    .select(['id', 'component_id', 'status'])
    .where('component_id', 'in', [...statuses.keys()])
    .where('ended_at', 'is', null)
    .execute();
  const openByComponent = new Map(open.map((row) => [row.component_id, row]));

  const started: { component_id: string; status: ComponentStatus; started_at: Date }[] = [];
  const ended: string[] = [];
  for (const [componentId, status] of statuses) {
    const current = openByComponent.get(componentId);
    if (current?.status === status) continue;
    if (current) ended.push(current.id);
    started.push({ component_id: componentId, status, started_at: now });
  }

  if (ended.length > 0) {
    await trx
      .updateTable('status_component_interval')
      .set({ ended_at: now })
      .where('id', 'in', ended)
      .execute();
  }
  if (started.length > 0) {
    await trx.insertInto('status_component_interval').values(started).execute();
  }
}
