import type {
  ComponentStatus,
  IncidentComponentStatus,
  MaintenanceRecurrence,
  StatusImpact,
  StatusIncidentStatus,
  StatusPageVisibility,
} from '@pagefree/db';

/**
 * The published, immutable view of one status page: everything the status site shows and
 * nothing else. Internal service names, incident titles and alert details are never copied
 * into it. Only what people wrote for the page and the computed component statuses are.
 * Dates are ISO 8601 strings in UTC. This module holds types only, so the status site can
 * import it on any runtime.
 */
export interface PageSnapshot {
  schemaVersion: 1;
  /** Increases by one with every published change of the page. */
  version: number;
  /** When this version was published: the page's "last updated" time. */
  publishedAt: string;
  /**
   * The page's calendar date (YYYY-MM-DD, in its time zone) when the content was computed.
   * It is part of the content, so a new version is published when the local day changes.
   */
  localDate: string;
  page: SnapshotPage;
  status: { indicator: StatusImpact; description: string };
  sections: SnapshotSection[];
  /** Ordered by section position, then component position. */
  components: SnapshotComponent[];
  /** Newest first: every unresolved incident and the most recent resolved ones. */
  incidents: SnapshotIncident[];
  /** Upcoming and in-progress windows, and windows completed in the last 7 days. */
  maintenances: SnapshotMaintenance[];
}

export interface SnapshotPage {
  id: string;
  slug: string;
  name: string;
  description: string;
  /** Absolute URL of the page on the status site. */
  url: string;
  timeZone: string;
  visibility: StatusPageVisibility;
  /** Origins allowed to frame the page; empty forbids embedding. */
  frameAncestors: string[];
  supportUrl: string | null;
}

export interface SnapshotSection {
  id: string;
  name: string;
  position: number;
  createdAt: string;
}

export interface SnapshotComponent {
  id: string;
  name: string;
  description: string;
  sectionId: string | null;
  position: number;
  status: ComponentStatus;
  createdAt: string;
  /** When the component entered its current status. */
  updatedAt: string;
  /** Null when the page hides uptime for this component. */
  uptime: UptimeSummary | null;
}

export interface UptimeSummary {
  /** Percentage over the days with data, two decimals rounded down; null without data. */
  percent: number | null;
  /** One entry per calendar day in the page's time zone, oldest first, ending today. */
  days: UptimeDay[];
}

export interface UptimeDay {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  /** Worst status seen that day, or `no_data` before the component existed. */
  status: ComponentStatus | 'no_data';
  uptimePercent: number | null;
  majorOutageMinutes: number;
  partialOutageMinutes: number;
}

export interface SnapshotIncident {
  id: string;
  name: string;
  status: StatusIncidentStatus;
  impact: StatusImpact;
  createdAt: string;
  updatedAt: string;
  monitoringAt: string | null;
  resolvedAt: string | null;
  /** Components the incident names, with the impact stated for each. */
  components: { id: string; status: IncidentComponentStatus }[];
  /** Newest first. */
  updates: SnapshotIncidentUpdate[];
}

export interface SnapshotIncidentUpdate {
  id: string;
  status: StatusIncidentStatus;
  /** Markdown as written; renderers must escape it or render it with raw HTML disabled. */
  body: string;
  createdAt: string;
}

export type SnapshotMaintenanceStatus = 'scheduled' | 'in_progress' | 'completed';

export interface SnapshotMaintenance {
  id: string;
  name: string;
  body: string;
  status: SnapshotMaintenanceStatus;
  /** Window of the current or next occurrence. */
  scheduledFor: string;
  scheduledUntil: string;
  startedAt: string | null;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
  timeZone: string;
  recurrence: { frequency: Exclude<MaintenanceRecurrence, 'none'>; interval: number } | null;
  componentIds: string[];
}

/** The part of a snapshot that decides whether a new version is needed. */
export type SnapshotContent = Omit<PageSnapshot, 'version' | 'publishedAt'>;
