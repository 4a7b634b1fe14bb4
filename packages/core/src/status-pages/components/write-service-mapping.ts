import type { Db } from '@pagefree/db';

/** Replaces the services a component maps to, inside the caller's transaction. */
export async function writeServiceMapping(
  trx: Db,
  componentId: string,
  serviceIds: readonly string[],
): Promise<void> {
  await trx
    .deleteFrom('status_component_service')
    .where('component_id', '=', componentId)
    .execute();
  const unique = [...new Set(serviceIds)];
  if (unique.length === 0) return;
  await trx
    .insertInto('status_component_service')
    .values(unique.map((serviceId) => ({ component_id: componentId, service_id: serviceId })))
    .execute();
}
