import { worstStatus } from '@pagefree/core/status-pages/compute-status';
import type {
  PageSnapshot,
  SnapshotComponent,
  SnapshotIncident,
  SnapshotMaintenance,
} from '@pagefree/core/status-pages/snapshot-types';

/**
 * Converts a snapshot to the JSON of Atlassian Statuspage's public API v2 (summary.json,
 * status.json, components.json, incidents.json, incidents/unresolved.json and
 * scheduled-maintenances.json), so widgets and tools written for Statuspage read PageFree
 * pages. Sections become group components, as Statuspage models component groups.
 */

export function v2Page(snapshot: PageSnapshot) {
  return {
    id: snapshot.page.id,
    name: snapshot.page.name,
    url: snapshot.page.url,
    time_zone: snapshot.page.timeZone,
    updated_at: snapshot.publishedAt,
  };
}

export function v2Status(snapshot: PageSnapshot) {
  return { indicator: snapshot.status.indicator, description: snapshot.status.description };
}

export function v2Components(snapshot: PageSnapshot) {
  const components = snapshot.components.map((component) => v2Component(snapshot, component));
  const groups = snapshot.sections.flatMap((section) => {
    const members = snapshot.components.filter((component) => component.sectionId === section.id);
    if (members.length === 0) return [];
    const updatedAt =
      members
        .map((member) => member.updatedAt)
        .sort()
        .at(-1) ?? section.createdAt;
    return [
      {
        id: section.id,
        name: section.name,
        status: worstStatus(members.map((member) => member.status)),
        created_at: section.createdAt,
        updated_at: updatedAt,
        position: section.position,
        description: null,
        showcase: false,
        start_date: null,
        group_id: null,
        page_id: snapshot.page.id,
        group: true,
        only_show_if_degraded: false,
        components: members.map((member) => member.id),
      },
    ];
  });
  return [...components, ...groups];
}

function v2Component(snapshot: PageSnapshot, component: SnapshotComponent) {
  return {
    id: component.id,
    name: component.name,
    status: component.status,
    created_at: component.createdAt,
    updated_at: component.updatedAt,
    position: component.position,
    description: component.description || null,
    showcase: true,
    start_date: component.createdAt.slice(0, 10),
    group_id: component.sectionId,
    page_id: snapshot.page.id,
    group: false,
    only_show_if_degraded: false,
  };
}

function v2ComponentsByIds(snapshot: PageSnapshot, ids: readonly string[]) {
  return snapshot.components
    .filter((component) => ids.includes(component.id))
    .map((component) => v2Component(snapshot, component));
}

export function v2Incident(snapshot: PageSnapshot, incident: SnapshotIncident) {
  return {
    id: incident.id,
    name: incident.name,
    status: incident.status,
    created_at: incident.createdAt,
    updated_at: incident.updatedAt,
    monitoring_at: incident.monitoringAt,
    resolved_at: incident.resolvedAt,
    impact: incident.impact,
    shortlink: `${snapshot.page.url}/incidents/${incident.id}`,
    started_at: incident.createdAt,
    page_id: snapshot.page.id,
    incident_updates: incident.updates.map((update) => ({
      id: update.id,
      status: update.status,
      body: update.body,
      incident_id: incident.id,
      created_at: update.createdAt,
      updated_at: update.createdAt,
      display_at: update.createdAt,
      affected_components: null,
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    })),
    components: v2ComponentsByIds(
      snapshot,
      incident.components.map((entry) => entry.id),
    ),
  };
}

/**
 * Converts a maintenance to the incident shape with its window. Its updates are derived from the
 * window's steps (scheduled, started, completed), because maintenance has no hand-written
 * update timeline here.
 */
export function v2Maintenance(snapshot: PageSnapshot, maintenance: SnapshotMaintenance) {
  const update = (suffix: string, status: string, body: string, at: string) => ({
    id: `${maintenance.id}-${suffix}`,
    status,
    body,
    incident_id: maintenance.id,
    created_at: at,
    updated_at: at,
    display_at: at,
    affected_components: null,
    deliver_notifications: true,
    custom_tweet: null,
    tweet_id: null,
  });
  const updates = [update('scheduled', 'scheduled', maintenance.body, maintenance.createdAt)];
  if (maintenance.startedAt) {
    updates.unshift(
      update('started', 'in_progress', 'Maintenance is in progress.', maintenance.startedAt),
    );
  }
  if (maintenance.status === 'completed' && maintenance.completedAt) {
    updates.unshift(
      update('completed', 'completed', 'Maintenance is complete.', maintenance.completedAt),
    );
  }
  return {
    id: maintenance.id,
    name: maintenance.name,
    status: maintenance.status,
    created_at: maintenance.createdAt,
    updated_at: maintenance.updatedAt,
    monitoring_at: null,
    resolved_at: maintenance.status === 'completed' ? maintenance.completedAt : null,
    impact: 'maintenance',
    shortlink: snapshot.page.url,
    started_at: maintenance.startedAt ?? maintenance.scheduledFor,
    page_id: snapshot.page.id,
    scheduled_for: maintenance.scheduledFor,
    scheduled_until: maintenance.scheduledUntil,
    incident_updates: updates,
    components: v2ComponentsByIds(snapshot, maintenance.componentIds),
  };
}

export type V2Document =
  | 'summary'
  | 'status'
  | 'components'
  | 'incidents'
  | 'incidents/unresolved'
  | 'scheduled-maintenances'
  | 'scheduled-maintenances/upcoming'
  | 'scheduled-maintenances/active';

export const V2_DOCUMENTS: readonly V2Document[] = [
  'summary',
  'status',
  'components',
  'incidents',
  'incidents/unresolved',
  'scheduled-maintenances',
  'scheduled-maintenances/upcoming',
  'scheduled-maintenances/active',
];

/** Builds one of the v2 documents from a snapshot. */
export function buildV2Document(snapshot: PageSnapshot, document: V2Document): unknown {
  const page = v2Page(snapshot);
  const unresolved = () =>
    snapshot.incidents
      .filter((incident) => incident.status !== 'resolved')
      .map((incident) => v2Incident(snapshot, incident));
  const maintenances = (statuses: readonly string[]) =>
    snapshot.maintenances
      .filter((maintenance) => statuses.includes(maintenance.status))
      .map((maintenance) => v2Maintenance(snapshot, maintenance));

  switch (document) {
    case 'summary':
      return {
        page,
        components: v2Components(snapshot),
        incidents: unresolved(),
        scheduled_maintenances: maintenances(['scheduled', 'in_progress']),
        status: v2Status(snapshot),
      };
    case 'status':
      return { page, status: v2Status(snapshot) };
    case 'components':
      return { page, components: v2Components(snapshot) };
    case 'incidents':
      return {
        page,
        incidents: snapshot.incidents.map((incident) => v2Incident(snapshot, incident)),
      };
    case 'incidents/unresolved':
      return { page, incidents: unresolved() };
    case 'scheduled-maintenances':
      return {
        page,
        scheduled_maintenances: maintenances(['scheduled', 'in_progress', 'completed']),
      };
    case 'scheduled-maintenances/upcoming':
      return { page, scheduled_maintenances: maintenances(['scheduled']) };
    case 'scheduled-maintenances/active':
      return { page, scheduled_maintenances: maintenances(['in_progress']) };
    default:
      return document satisfies never;
  }
}
