import type { IncidentSummary } from '@pagefree/contracts';
import type { Db } from '@pagefree/db';

function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}

/** Base query for incident summaries: incident, its service and its assignee's name. */
export function selectIncidentSummaries(db: Db) {
  return db
    .selectFrom('incident')
    .innerJoin('service', 'service.id', 'incident.service_id')
    .leftJoin('app_user as assignee', 'assignee.id', 'incident.assignee_id')
    .select([
      'incident.id',
      'incident.number',
      'incident.title',
      'incident.status',
      'incident.severity',
      'incident.priority',
      'incident.team_id',
      'incident.alert_count',
      'incident.escalation_level',
      'incident.created_at',
      'incident.updated_at',
      'incident.acknowledged_at',
      'incident.resolved_at',
      'incident.assignee_id',
      'service.id as service_id',
      'service.name as service_name',
      'assignee.name as assignee_name',
    ]);
}

type SummaryRow = Awaited<
  ReturnType<ReturnType<typeof selectIncidentSummaries>['executeTakeFirstOrThrow']>
>;

export function toIncidentSummary(row: SummaryRow): IncidentSummary {
  return {
    id: row.id,
    number: Number(row.number),
    title: row.title,
    status: row.status,
    severity: row.severity,
    priority: row.priority,
    teamId: row.team_id,
    service: { id: row.service_id, name: row.service_name },
    assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? '' } : null,
    alertCount: row.alert_count,
    escalationLevel: row.escalation_level,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    acknowledgedAt: iso(row.acknowledged_at),
    resolvedAt: iso(row.resolved_at),
  };
}

/** Loads one incident summary, or undefined when the id does not exist. */
export async function loadIncidentSummary(
  db: Db,
  incidentId: string,
): Promise<IncidentSummary | undefined> {
  const row = await selectIncidentSummaries(db)
    .where('incident.id', '=', incidentId)
    .executeTakeFirst();
  return row ? toIncidentSummary(row) : undefined;
}
