import type { Db } from '@pagefree/db';

/** Returns the pages listed plus every page with a component mapped to one of the services. */
export async function pagesToRecompute(
  db: Db,
  request: { pageIds: readonly string[]; serviceIds: readonly string[] },
): Promise<string[]> {
  const pageIds = new Set(request.pageIds);
  if (request.serviceIds.length > 0) {
    const rows = await db
      .selectFrom('status_component_service as mapping')
      .innerJoin('status_component', 'status_component.id', 'mapping.component_id')
      .select('status_component.page_id')
      .distinct()
      .where('mapping.service_id', 'in', [...request.serviceIds])
      .execute();
    for (const row of rows) pageIds.add(row.page_id);
  }
  return [...pageIds];
}
