import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { GeneratedTimestamp, Timestamp } from './schema.ts';

export type StatusPageVisibility = 'public' | 'private';
/** Component status, as the Statuspage v2 API names it. */
export type ComponentStatus =
  | 'operational'
  | 'degraded_performance'
  | 'partial_outage'
  | 'major_outage'
  | 'under_maintenance';
/** The impact a status incident states for one component; maintenance is not an incident impact. */
export type IncidentComponentStatus = Exclude<ComponentStatus, 'under_maintenance'>;
export type StatusIncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';
/** Statuspage impact and page indicator scale. */
export type StatusImpact = 'none' | 'minor' | 'major' | 'critical';
export type MaintenanceRecurrence = 'none' | 'daily' | 'weekly' | 'monthly';
export type MaintenanceState = 'scheduled' | 'in_progress' | 'completed' | 'cancelled';
export type SubscriberChannel = 'email' | 'webhook';
export type NoticeEventKind =
  | 'incident_created'
  | 'incident_updated'
  | 'maintenance_scheduled'
  | 'maintenance_reminder'
  | 'maintenance_started'
  | 'maintenance_completed';
export type NoticeStatus = 'pending' | 'sent' | 'failed' | 'cancelled';

type UuidArray = ColumnType<string[], string[] | undefined, string[]>;

export interface StatusPageTable {
  id: Generated<string>;
  /** The owning team: its admins manage the page. */
  team_id: string;
  slug: string;
  name: string;
  description: Generated<string>;
  visibility: Generated<StatusPageVisibility>;
  /** IANA time zone the page shows dates in. */
  time_zone: Generated<string>;
  /** Origins allowed to embed the page in a frame (CSP frame-ancestors); empty forbids embedding. */
  frame_ancestors: ColumnType<string[], string[] | undefined, string[]>;
  support_url: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface StatusSectionTable {
  id: Generated<string>;
  page_id: string;
  name: string;
  position: Generated<number>;
  created_at: GeneratedTimestamp;
}

export interface StatusComponentTable {
  id: Generated<string>;
  page_id: string;
  section_id: string | null;
  /** Public name; internal service names never reach the page. */
  name: string;
  description: Generated<string>;
  position: Generated<number>;
  show_uptime: Generated<boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface StatusComponentServiceTable {
  component_id: string;
  service_id: string;
}

/** A span of time one component spent in one status; `ended_at` is null for the current one. */
export interface StatusComponentIntervalTable {
  id: ColumnType<string, never, never>;
  component_id: string;
  status: ComponentStatus;
  started_at: Timestamp;
  ended_at: Timestamp | null;
}

export interface StatusIncidentTable {
  id: Generated<string>;
  page_id: string;
  title: string;
  status: StatusIncidentStatus;
  impact: StatusImpact;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  monitoring_at: Timestamp | null;
  resolved_at: Timestamp | null;
}

export interface StatusIncidentComponentTable {
  status_incident_id: string;
  component_id: string;
  status: IncidentComponentStatus;
}

export interface StatusIncidentLinkTable {
  status_incident_id: string;
  incident_id: string;
}

export interface StatusIncidentUpdateTable {
  id: Generated<string>;
  status_incident_id: string;
  status: StatusIncidentStatus;
  /** Markdown written by a person; rendered with raw HTML disabled. */
  body: string;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

export interface StatusTemplateTable {
  id: Generated<string>;
  page_id: string;
  name: string;
  title: string;
  body: string;
  status: Generated<StatusIncidentStatus>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface StatusMaintenanceTable {
  id: Generated<string>;
  page_id: string;
  title: string;
  body: Generated<string>;
  /** IANA zone whose wall-clock times recurrences keep. */
  time_zone: string;
  /** Window of the first occurrence. */
  starts_at: Timestamp;
  ends_at: Timestamp;
  recurrence: Generated<MaintenanceRecurrence>;
  recurrence_interval: Generated<number>;
  /** No occurrence starts after this instant; null repeats without end. */
  recurrence_until: Timestamp | null;
  /** Minutes before each start that subscribers get a reminder; 0 sends none. */
  notify_minutes_before: Generated<number>;
  state: Generated<MaintenanceState>;
  /** Window of the current (in progress) or next (scheduled) occurrence. */
  occurrence_starts_at: Timestamp;
  occurrence_ends_at: Timestamp;
  /** The occurrence start the last reminder was sent for. */
  reminded_for: Timestamp | null;
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface StatusMaintenanceComponentTable {
  maintenance_id: string;
  component_id: string;
}

/** An immutable published snapshot of one page; the status site reads only these. */
export interface StatusPageSnapshotTable {
  page_id: string;
  version: ColumnType<string, string | number, never>;
  content: ColumnType<unknown, string, never>;
  content_hash: string;
  published_at: Timestamp;
}

export interface StatusSubscriberTable {
  id: Generated<string>;
  page_id: string;
  channel: SubscriberChannel;
  email: string | null;
  webhook_url: string | null;
  /** The webhook signing secret, AES-256-GCM encrypted. */
  secret_ciphertext: string | null;
  secret_key_id: string | null;
  /** Components the subscriber follows; empty means all of them. */
  component_ids: UuidArray;
  /** Random salt from which the subscriber's tokens are derived by HMAC; rotating it revokes them. */
  token_salt: string;
  /** SHA-256 of the unsubscribe token. */
  manage_token_hash: string;
  /** SHA-256 of the double opt-in token; null once confirmed. */
  confirm_token_hash: string | null;
  confirm_expires_at: Timestamp | null;
  confirmed_at: Timestamp | null;
  unsubscribed_at: Timestamp | null;
  created_at: GeneratedTimestamp;
}

/** An announcement each subscriber gets once: an incident update or a maintenance step. */
export interface StatusNoticeEventTable {
  id: Generated<string>;
  page_id: string;
  kind: NoticeEventKind;
  status_incident_id: string | null;
  update_id: string | null;
  maintenance_id: string | null;
  occurrence_starts_at: Timestamp | null;
  component_ids: UuidArray;
  created_at: GeneratedTimestamp;
  fanned_out_at: Timestamp | null;
}

export interface StatusNoticeTable {
  id: Generated<string>;
  event_id: string;
  subscriber_id: string;
  status: Generated<NoticeStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: GeneratedTimestamp;
  sent_at: Timestamp | null;
}

/** Status page tables: pages, components, status incidents, maintenance, subscribers. */
export interface StatusTables {
  status_page: StatusPageTable;
  status_section: StatusSectionTable;
  status_component: StatusComponentTable;
  status_component_service: StatusComponentServiceTable;
  status_component_interval: StatusComponentIntervalTable;
  status_incident: StatusIncidentTable;
  status_incident_component: StatusIncidentComponentTable;
  status_incident_link: StatusIncidentLinkTable;
  status_incident_update: StatusIncidentUpdateTable;
  status_template: StatusTemplateTable;
  status_maintenance: StatusMaintenanceTable;
  status_maintenance_component: StatusMaintenanceComponentTable;
  status_page_snapshot: StatusPageSnapshotTable;
  status_subscriber: StatusSubscriberTable;
  status_notice_event: StatusNoticeEventTable;
  status_notice: StatusNoticeTable;
}

export type StatusPage = Selectable<StatusPageTable>;
export type StatusSection = Selectable<StatusSectionTable>;
export type StatusComponent = Selectable<StatusComponentTable>;
export type StatusComponentInterval = Selectable<StatusComponentIntervalTable>;
export type StatusIncident = Selectable<StatusIncidentTable>;
export type StatusIncidentUpdate = Selectable<StatusIncidentUpdateTable>;
export type StatusTemplate = Selectable<StatusTemplateTable>;
export type StatusMaintenance = Selectable<StatusMaintenanceTable>;
export type NewStatusMaintenance = Insertable<StatusMaintenanceTable>;
export type StatusSubscriber = Selectable<StatusSubscriberTable>;
export type StatusNoticeEvent = Selectable<StatusNoticeEventTable>;
export type StatusNotice = Selectable<StatusNoticeTable>;
