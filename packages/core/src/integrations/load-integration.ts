import type { Db, TeamRole } from '@pagefree/db';
import { requireScope, requireTeamRole } from '../auth/permissions.ts';
import type { ApiScope, Principal } from '../auth/principal.ts';
import { NotFoundError } from '../shared/errors.ts';

/** Loads an integration with its team after checking the principal's role in that team. */
export async function loadIntegrationForPrincipal(
  db: Db,
  principal: Principal,
  integrationId: string,
  access: { scope: ApiScope; role: TeamRole },
) {
  requireScope(principal, access.scope);
  const integration = await db
    .selectFrom('integration')
    .innerJoin('service', 'service.id', 'integration.service_id')
    .selectAll('integration')
    .select(['service.team_id', 'service.name as service_name'])
    .where('integration.id', '=', integrationId)
    .executeTakeFirst();
  if (!integration) throw new NotFoundError('Integration', integrationId);
  await requireTeamRole(db, principal, integration.team_id, access.role);
  return integration;
}
