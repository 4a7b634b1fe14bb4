import type {
  ComponentStatus,
  Db,
  IncidentComponentStatus,
  StatusImpact,
  StatusPage,
} from '@pagefree/db';
import { Temporal } from 'temporal-polyfill';
import { computePageStatus } from '../compute-status.ts';
import type {
  SnapshotComponent,
  SnapshotContent,
  SnapshotIncident,
  SnapshotMaintenance,
} from '../snapshot-types.ts';
import { type StatusInterval, summarizeUptime, UPTIME_DAYS } from '../uptime.ts';

/** Resolved incidents kept in a snapshot besides the unresolved ones, as Statuspage's incidents.json does. */
export const RESOLVED_INCIDENTS_KEPT = 50;
const COMPLETED_MAINTENANCE_KEPT_MS = 7 * 86_400_000;

export interface BuildSnapshotInput {
  page: StatusPage;
  statuses: ReadonlyMap<string, ComponentStatus>;
  now: Date;
  /** Base URL of the status site, without a trailing slash. */
  statusSiteUrl: string;
}

/**
 * Reads what a page shows and assembles it into snapshot content. Only public fields are
 * copied: component names and descriptions, what people wrote in status incidents and
 * maintenance, and the computed statuses. Nothing from internal incidents is copied.
 */
export async function buildSnapshotContent(
  db: Db,
  input: BuildSnapshotInput,
): Promise<SnapshotContent> {
  const { page, now } = input;
  const sections = await db
    .selectFrom('status_section')
    .select(['id', 'name', 'position', 'created_at'])
    .where('page_id', '=', page.id)
    .orderBy('position')
    .orderBy('created_at')
    .execute();
  const components = await loadComponents(db, input);
  const incidents = await loadIncidents(db, page.id);
  const maintenances = await loadMaintenances(db, page.id, now);

  const sectionOrder = new Map(sections.map((section, index) => [section.id, index]));
  components.sort(
    (a, b) =>
      (a.sectionId === null ? -1 : (sectionOrder.get(a.sectionId) ?? 0)) -
        (b.sectionId === null ? -1 : (sectionOrder.get(b.sectionId) ?? 0)) ||
      a.position - b.position,
  );
  const unresolvedImpacts: StatusImpact[] = incidents
    .filter((incident) => incident.status !== 'resolved')
    .map((incident) => incident.impact);

  return {
    schemaVersion: 1,
    localDate: Temporal.Instant.fromEpochMilliseconds(now.getTime())
      .toZonedDateTimeISO(page.time_zone)
      .toPlainDate()
      .toString(),
    page: {
      id: page.id,
      slug: page.slug,
      name: page.name,
      description: page.description,
      url: `${input.statusSiteUrl}/${page.slug}`,
      timeZone: page.time_zone,
      visibility: page.visibility,
      frameAncestors: page.frame_ancestors,
      supportUrl: page.support_url,
    },
    status: computePageStatus(
      components.map((component) => component.status),
      unresolvedImpacts,
    ),
    sections: sections.map((section) => ({
      id: section.id,
      name: section.name,
      position: section.position,
      createdAt: section.created_at.toISOString(),
    })),
    components,
    incidents,
    maintenances,
  };
}

async function loadComponents(db: Db, input: BuildSnapshotInput): Promise<SnapshotComponent[]> {
  const { page, now, statuses } = input;
  const rows = await db
    .selectFrom('status_component')
    .select(['id', 'name', 'description', 'section_id', 'position', 'show_uptime', 'created_at'])
    .where('page_id', '=', page.id)
    .execute();
  if (rows.length === 0) return [];

  const since = new Date(now.getTime() - (UPTIME_DAYS + 1) * 86_400_000);
  const intervalRows = await db
    .selectFrom('status_component_interval')
    .select(['component_id', 'status', 'started_at', 'ended_at'])
    .where(
      'component_id',
      'in',
      rows.map((row) => row.id),
    )
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', since)]))
    .orderBy('started_at')
    .execute();
  const intervals = new Map<string, StatusInterval[]>();
  for (const row of intervalRows) {
    const list = intervals.get(row.component_id) ?? [];
    list.push({ status: row.status, startedAt: row.started_at, endedAt: row.ended_at });
    intervals.set(row.component_id, list);
  }

  return rows.map((row) => {
    const status = statuses.get(row.id) ?? 'operational';
    const own = intervals.get(row.id) ?? [];
    const current = own.find((interval) => interval.endedAt === null);
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      sectionId: row.section_id,
      position: row.position,
      status,
      createdAt: row.created_at.toISOString(),
      updatedAt: (current?.status === status ? current.startedAt : now).toISOString(),
      uptime: row.show_uptime
        ? summarizeUptime({
            intervals: own,
            timeZone: page.time_zone,
            now,
            createdAt: row.created_at,
          })
        : null,
    };
  });
}

async function loadIncidents(db: Db, pageId: string): Promise<SnapshotIncident[]> {
  const columns = [
    'id',
    'title',
    'status',
    'impact',
    'created_at',
    'updated_at',
    'monitoring_at',
    'resolved_at',
  ] as const;
  const unresolved = await db
    .selectFrom('status_incident')
    .select(columns)
    .where('page_id', '=', pageId)
    .where('status', '<>', 'resolved')
    .execute();
  const resolved = await db
    .selectFrom('status_incident')
    .select(columns)
    .where('page_id', '=', pageId)
    .where('status', '=', 'resolved')
    .orderBy('created_at', 'desc')
    .limit(RESOLVED_INCIDENTS_KEPT)
    .execute();
  const incidents = [...unresolved, ...resolved].sort(
    (a, b) => b.created_at.getTime() - a.created_at.getTime(),
  );
  if (incidents.length === 0) return [];
  const ids = incidents.map((incident) => incident.id);

  const updates = await db
    .selectFrom('status_incident_update')
    .select(['id', 'status_incident_id', 'status', 'body', 'created_at'])
    .where('status_incident_id', 'in', ids)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const affected = await db
    .selectFrom('status_incident_component')
    .innerJoin('status_component', 'status_component.id', 'status_incident_component.component_id')
    .select(['status_incident_component.status_incident_id', 'component_id', 'status'])
    .where('status_incident_id', 'in', ids)
    .orderBy('status_component.position')
    .execute();

  return incidents.map((incident) => ({
    id: incident.id,
    name: incident.title,
    status: incident.status,
    impact: incident.impact,
    createdAt: incident.created_at.toISOString(),
    updatedAt: incident.updated_at.toISOString(),
    monitoringAt: incident.monitoring_at?.toISOString() ?? null,
    resolvedAt: incident.resolved_at?.toISOString() ?? null,
    components: affected
      .filter((row) => row.status_incident_id === incident.id)
      .map((row) => ({ id: row.component_id, status: row.status as IncidentComponentStatus })),
    updates: updates
      .filter((update) => update.status_incident_id === incident.id)
      .map((update) => ({
        id: update.id,
        status: update.status,
        body: update.body,
        createdAt: update.created_at.toISOString(),
      })),
  }));
}

async function loadMaintenances(db: Db, pageId: string, now: Date): Promise<SnapshotMaintenance[]> {
  const rows = await db
    .selectFrom('status_maintenance')
    .selectAll()
    .where('page_id', '=', pageId)
    .where((eb) =>
      eb.or([
        eb('state', 'in', ['scheduled', 'in_progress']),
        eb.and([
          eb('state', '=', 'completed'),
          eb('completed_at', '>', new Date(now.getTime() - COMPLETED_MAINTENANCE_KEPT_MS)),
        ]),
      ]),
    )
    .orderBy('occurrence_starts_at')
    .execute();
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

  return rows.map((row) => ({
    id: row.id,
    name: row.title,
    body: row.body,
    status:
      row.state === 'in_progress'
        ? 'in_progress'
        : row.state === 'completed'
          ? 'completed'
          : 'scheduled',
    scheduledFor: row.occurrence_starts_at.toISOString(),
    scheduledUntil: row.occurrence_ends_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    completedAt: row.completed_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    timeZone: row.time_zone,
    recurrence:
      row.recurrence === 'none'
        ? null
        : { frequency: row.recurrence, interval: row.recurrence_interval },
    componentIds: covered
      .filter((entry) => entry.maintenance_id === row.id)
      .map((entry) => entry.component_id),
  }));
}
