import type { Db } from '@pagefree/db';
import type { z } from 'zod';
import type { Principal } from '../../auth/principal.ts';
import { loadPageForPrincipal } from '../access.ts';
import type { listMaintenancesInput } from '../schemas.ts';
import { toMaintenanceView } from '../views.ts';

/** Lists a page's maintenance windows by their current or next occurrence, earliest first. */
export async function listMaintenances(
  db: Db,
  principal: Principal,
  input: z.output<typeof listMaintenancesInput>,
) {
  const page = await loadPageForPrincipal(db, principal, input.pageId, 'read');
  let query = db
    .selectFrom('status_maintenance')
    .selectAll()
    .where('page_id', '=', page.id)
    .orderBy('occurrence_starts_at')
    .limit(input.limit);
  if (!input.includeFinished) query = query.where('state', 'in', ['scheduled', 'in_progress']);
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const covered = await db
    .selectFrom('status_maintenance_component')
    .select(['maintenance_id', 'component_id'])
    .where(
      'maintenance_id',
      'in',
      rows.map((row) => row.id),
    )
    .execute();
  return rows.map((row) =>
    toMaintenanceView(
      row,
      covered.filter((entry) => entry.maintenance_id === row.id).map((entry) => entry.component_id),
    ),
  );
}
