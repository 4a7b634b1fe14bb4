import type { Db, RunbookTriggerType } from '@pagefree/db';
import { labelsOfPayload } from './incident-labels.ts';

// The latest alert's payload goes into the input only up to this size. A larger payload is
// left out, and the script gets `payloadOmitted: true` instead.
const MAX_ALERT_PAYLOAD_BYTES = 32 * 1024;

/** The value a script reads as `input`. It reaches the isolate as a copied JSON value only. */
export interface RunInput {
  incident: {
    id: string;
    number: number;
    title: string;
    description: string;
    status: string;
    severity: string;
    priority: string;
    dedupKey: string;
    teamId: string;
    service: { id: string; name: string; routingKey: string };
    labels: Record<string, string>;
    links: Array<{ href: string; text: string }>;
    createdAt: string;
  };
  alert: {
    summary: string;
    severity: string;
    source: string | null;
    receivedAt: string;
    payload: unknown;
    payloadOmitted: boolean;
  } | null;
  parameters: Record<string, unknown>;
  runbook: { id: string; name: string; version: number };
  execution: { id: string; attempt: number; trigger: RunbookTriggerType; dryRun: boolean };
}

export interface RunInputRequest {
  incidentId: string;
  parameters: Record<string, unknown>;
  runbook: RunInput['runbook'];
  execution: RunInput['execution'];
}

/** Builds a run's input from the incident as it is now and its first and latest alerts. */
export async function buildRunInput(db: Db, request: RunInputRequest): Promise<RunInput> {
  const incident = await db
    .selectFrom('incident')
    .innerJoin('service', 'service.id', 'incident.service_id')
    .select([
      'incident.id',
      'incident.number',
      'incident.title',
      'incident.description',
      'incident.status',
      'incident.severity',
      'incident.priority',
      'incident.dedup_key',
      'incident.team_id',
      'incident.links',
      'incident.created_at',
      'service.id as service_id',
      'service.name as service_name',
      'service.routing_key',
    ])
    .where('incident.id', '=', request.incidentId)
    .executeTakeFirstOrThrow();
  const first = await alertOf(db, request.incidentId, 'asc');
  const latest = await alertOf(db, request.incidentId, 'desc');
  const payloadText = latest ? JSON.stringify(latest.payload) : '';
  const payloadFits = Buffer.byteLength(payloadText) <= MAX_ALERT_PAYLOAD_BYTES;

  return {
    incident: {
      id: incident.id,
      number: Number(incident.number),
      title: incident.title,
      description: incident.description,
      status: incident.status,
      severity: incident.severity,
      priority: incident.priority,
      dedupKey: incident.dedup_key,
      teamId: incident.team_id,
      service: {
        id: incident.service_id,
        name: incident.service_name,
        routingKey: incident.routing_key,
      },
      labels: labelsOfPayload(first?.payload),
      links: incident.links,
      createdAt: incident.created_at.toISOString(),
    },
    alert: latest
      ? {
          summary: latest.summary,
          severity: latest.severity,
          source: latest.source,
          receivedAt: latest.received_at.toISOString(),
          payload: payloadFits ? latest.payload : null,
          payloadOmitted: !payloadFits,
        }
      : null,
    parameters: request.parameters,
    runbook: request.runbook,
    execution: request.execution,
  };
}

/** Returns the labels of the incident's first alert, which automatic rules match against. */
export async function incidentLabels(db: Db, incidentId: string): Promise<Record<string, string>> {
  return labelsOfPayload((await alertOf(db, incidentId, 'asc'))?.payload);
}

function alertOf(db: Db, incidentId: string, order: 'asc' | 'desc') {
  return db
    .selectFrom('alert')
    .select(['summary', 'severity', 'source', 'payload', 'received_at'])
    .where('incident_id', '=', incidentId)
    .orderBy('received_at', order)
    .orderBy('id', order)
    .limit(1)
    .executeTakeFirst();
}
