import type { IncidentSummary } from '@pagefree/contracts';
import type { Db } from '@pagefree/db';
import { sql } from 'kysely';
import type { z } from 'zod';
import { readableTeamIds, requireScope } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import { ValidationError } from '../shared/errors.ts';
import { selectIncidentSummaries, toIncidentSummary } from './incident-summary.ts';
import type { listIncidentsInput } from './schemas.ts';

type ListInput = z.output<typeof listIncidentsInput>;

// Open incidents sort first (triggered, then acknowledged), newest first within a status.
const STATUS_RANK = sql<number>`case incident.status when 'triggered' then 0 when 'acknowledged' then 1 else 2 end`;

function encodeCursor(summary: IncidentSummary): string {
  const rank = summary.status === 'triggered' ? 0 : summary.status === 'acknowledged' ? 1 : 2;
  return Buffer.from(JSON.stringify([rank, summary.createdAt, summary.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeCursor(cursor: string): [number, string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 3) {
      const [rank, createdAt, id] = value as unknown[];
      const valid =
        (rank === 0 || rank === 1 || rank === 2) &&
        typeof createdAt === 'string' &&
        !Number.isNaN(Date.parse(createdAt)) &&
        typeof id === 'string' &&
        UUID.test(id);
      if (valid) return [rank, createdAt, id];
    }
  } catch {
    // Falls through to the validation error below.
  }
  throw new ValidationError(
    'cursor',
    'is not a cursor returned by this list; start again without it',
  );
}

/** Lists incidents of the teams the principal belongs to, open ones first. */
export async function listIncidents(
  db: Db,
  principal: Principal,
  input: ListInput,
): Promise<{ items: IncidentSummary[]; nextCursor: string | null }> {
  requireScope(principal, 'incidents:read');
  const teamIds = await readableTeamIds(db, principal);
  if (teamIds && teamIds.length === 0) {
    return { items: [], nextCursor: null };
  }

  let query = selectIncidentSummaries(db);
  if (teamIds) query = query.where('incident.team_id', 'in', teamIds);
  if (input.teamId) query = query.where('incident.team_id', '=', input.teamId);
  if (input.serviceId) query = query.where('incident.service_id', '=', input.serviceId);
  if (input.status?.length) query = query.where('incident.status', 'in', input.status);
  if (input.priority?.length) query = query.where('incident.priority', 'in', input.priority);
  if (input.cursor) {
    const [rank, createdAt, id] = decodeCursor(input.cursor);
    // Keyset pagination over (rank ascending, created_at descending, id descending).
    query = query.where(
      sql<boolean>`(${STATUS_RANK} > ${rank} or (${STATUS_RANK} = ${rank} and (incident.created_at, incident.id) < (${createdAt}::timestamptz, ${id}::uuid)))`,
    );
  }
  const rows = await query
    .orderBy(STATUS_RANK)
    .orderBy('incident.created_at', 'desc')
    .orderBy('incident.id', 'desc')
    .limit(input.limit + 1)
    .execute();

  const items = rows.slice(0, input.limit).map(toIncidentSummary);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null };
}
