import type { IncidentSummary, TimelineEntry } from '@pagefree/contracts';
import type { Db, Link } from '@pagefree/db';
import type { Principal } from '../auth/principal.ts';
import { loadIncidentSummary } from './incident-summary.ts';
import { loadIncidentForPrincipal } from './load-incident-for-change.ts';

export interface IncidentDetail extends IncidentSummary {
  description: string;
  dedupKey: string;
  links: Link[];
  escalationPolicyId: string | null;
  nextEscalationAt: string | null;
}

export async function getIncident(
  db: Db,
  principal: Principal,
  incidentId: string,
): Promise<IncidentDetail> {
  await loadIncidentForPrincipal(db, principal, incidentId, {
    scope: 'incidents:read',
    role: 'OBSERVER',
  });
  const summary = (await loadIncidentSummary(db, incidentId))!;
  const extra = await db
    .selectFrom('incident')
    .select(['description', 'dedup_key', 'links', 'escalation_policy_id', 'next_escalation_at'])
    .where('id', '=', incidentId)
    .executeTakeFirstOrThrow();
  return {
    ...summary,
    description: extra.description,
    dedupKey: extra.dedup_key,
    links: extra.links,
    escalationPolicyId: extra.escalation_policy_id,
    nextEscalationAt: extra.next_escalation_at?.toISOString() ?? null,
  };
}

/** The incident's timeline, oldest first, with actor names resolved for people. */
export async function getIncidentTimeline(
  db: Db,
  principal: Principal,
  incidentId: string,
): Promise<TimelineEntry[]> {
  await loadIncidentForPrincipal(db, principal, incidentId, {
    scope: 'incidents:read',
    role: 'OBSERVER',
  });
  const rows = await db
    .selectFrom('incident_event')
    .leftJoin('app_user', (join) =>
      join.on((eb) =>
        eb.and([
          eb('incident_event.actor_type', '=', 'user'),
          eb(eb.cast('app_user.id', 'text'), '=', eb.ref('incident_event.actor_id')),
        ]),
      ),
    )
    .select([
      'incident_event.id',
      'incident_event.type',
      'incident_event.occurred_at',
      'incident_event.actor_type',
      'incident_event.actor_id',
      'incident_event.data',
      'app_user.name as actor_name',
    ])
    .where('incident_event.incident_id', '=', incidentId)
    .orderBy('incident_event.id')
    .limit(1000)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    occurredAt: row.occurred_at.toISOString(),
    actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name },
    data: row.data,
  }));
}

export interface AlertView {
  id: string;
  action: string;
  summary: string;
  severity: string;
  source: string | null;
  links: Link[];
  payload: unknown;
  receivedAt: string;
}

/** The incident's alerts, newest first, with their payloads as received. */
export async function getIncidentAlerts(
  db: Db,
  principal: Principal,
  input: { incidentId: string; limit: number },
): Promise<AlertView[]> {
  await loadIncidentForPrincipal(db, principal, input.incidentId, {
    scope: 'incidents:read',
    role: 'OBSERVER',
  });
  const rows = await db
    .selectFrom('alert')
    .select(['id', 'action', 'summary', 'severity', 'source', 'links', 'payload', 'received_at'])
    .where('incident_id', '=', input.incidentId)
    .orderBy('received_at', 'desc')
    .limit(input.limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    action: row.action,
    summary: row.summary,
    severity: row.severity,
    source: row.source,
    links: row.links,
    payload: row.payload,
    receivedAt: row.received_at.toISOString(),
  }));
}
