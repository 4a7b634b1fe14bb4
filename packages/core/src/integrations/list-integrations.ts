import type { Db } from '@pagefree/db';
import { hasTeamRole, requireReadable, requireScope } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import { NotFoundError } from '../shared/errors.ts';
import { toIntegrationView } from './integration-view.ts';
import { loadIntegrationForPrincipal } from './load-integration.ts';

export async function listIntegrations(
  db: Db,
  principal: Principal,
  input: { serviceId: string; publicUrl: string },
) {
  requireScope(principal, 'config:read');
  const service = await db
    .selectFrom('service')
    .select(['id', 'team_id', 'name'])
    .where('id', '=', input.serviceId)
    .executeTakeFirst();
  if (!service) throw new NotFoundError('Service', input.serviceId);
  await requireReadable(db, principal, service.team_id, 'Service', input.serviceId);
  const revealKey = await hasTeamRole(db, principal, service.team_id, 'TEAM_ADMIN');
  const rows = await db
    .selectFrom('integration')
    .selectAll()
    .where('service_id', '=', input.serviceId)
    .orderBy('name')
    .execute();
  return rows.map((row) =>
    toIntegrationView({ ...row, service_name: service.name }, input.publicUrl, { revealKey }),
  );
}

/** The integration's latest deliveries with their outcome, for troubleshooting senders. */
export async function listRecentDeliveries(
  db: Db,
  principal: Principal,
  input: { integrationId: string; limit: number },
) {
  await loadIntegrationForPrincipal(db, principal, input.integrationId, {
    scope: 'config:read',
    role: 'OBSERVER',
  });
  const rows = await db
    .selectFrom('inbound_delivery')
    .select([
      'id',
      'received_at',
      'outcome',
      'http_status',
      'error_code',
      'alert_count',
      'incident_ids',
      'ip',
      'body_bytes',
    ])
    .where('integration_id', '=', input.integrationId)
    .orderBy('received_at', 'desc')
    .limit(input.limit)
    .execute();
  const incidentIds = [...new Set(rows.flatMap((row) => row.incident_ids))];
  const numbers = new Map(
    incidentIds.length === 0
      ? []
      : (
          await db
            .selectFrom('incident')
            .select(['id', 'number'])
            .where('id', 'in', incidentIds)
            .execute()
        ).map((incident) => [incident.id, Number(incident.number)] as const),
  );
  return rows.map((row) => ({
    id: row.id,
    receivedAt: row.received_at.toISOString(),
    outcome: row.outcome,
    httpStatus: row.http_status,
    errorCode: row.error_code,
    alertCount: row.alert_count,
    incidentIds: row.incident_ids,
    /** The incidents' numbers, by id; an incident deleted since has none. */
    incidentNumbers: Object.fromEntries(
      row.incident_ids.flatMap((id) => (numbers.has(id) ? [[id, numbers.get(id)!]] : [])),
    ) as Record<string, number>,
    ip: row.ip,
    bodyBytes: row.body_bytes,
  }));
}
