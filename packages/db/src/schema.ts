import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { PartnerTables } from './schema-partners.ts';
import type { RunbookTables } from './schema-runbooks.ts';
import type { StatusTables } from './schema-status.ts';

/**
 * Kysely table types, written once to match the migrations in `./migrations`. A column that
 * the database fills (defaults, identities) is `Generated`; timestamps read back as `Date`.
 */

export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json<T> = ColumnType<T, string, string>;
export type BigIntId = ColumnType<string, never, never>;

export type PlatformRole = 'PLATFORM_ADMIN' | 'USER';
export type TeamRole = 'TEAM_ADMIN' | 'RESPONDER' | 'OBSERVER';
export type ActorType = 'user' | 'api_key' | 'integration' | 'system' | 'anonymous';
export type IntegrationFormat =
  | 'alertmanager'
  | 'grafana'
  | 'pagerduty'
  | 'datadog'
  | 'newrelic'
  | 'generic';
export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved';
export type Severity = 'critical' | 'error' | 'warning' | 'info';
export type Priority = 'P1' | 'P2' | 'P3' | 'P4' | 'P5';
export type AlertAction = 'trigger' | 'acknowledge' | 'resolve';
export type NotificationChannel = 'push' | 'email' | 'webhook';
export type NotificationStatus = 'pending' | 'sent' | 'failed' | 'cancelled';
export type EscalationTargetType = 'user' | 'schedule' | 'team';

/** A link carried by an alert or incident: runbook, dashboard, generator, silence. */
export interface Link {
  href: string;
  text: string;
}

/** Dot paths into a generic JSON alert body, set per generic integration. */
export interface FieldMapping {
  dedupKey?: string;
  title?: string;
  description?: string;
  severity?: string;
  status?: string;
  resolvedValues?: string[];
  acknowledgedValues?: string[];
  source?: string;
  link?: string;
}

export interface AppUserTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string | null;
  platform_role: Generated<PlatformRole>;
  time_zone: Generated<string>;
  deactivated_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface UserSessionTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  last_seen_at: GeneratedTimestamp;
  revoked_at: Timestamp | null;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiKeyTable {
  id: Generated<string>;
  name: string;
  token_hash: string;
  token_prefix: string;
  user_id: string;
  scopes: string[];
  created_at: GeneratedTimestamp;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface TeamTable {
  id: Generated<string>;
  name: string;
  slug: string;
  default_escalation_policy_id: string | null;
  created_at: GeneratedTimestamp;
}

export interface TeamMemberTable {
  team_id: string;
  user_id: string;
  role: TeamRole;
  created_at: GeneratedTimestamp;
}

export interface AuditEventTable {
  id: BigIntId;
  occurred_at: GeneratedTimestamp;
  actor_type: ActorType;
  actor_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  team_id: string | null;
  ip: string | null;
  metadata: Json<Record<string, unknown>>;
}

export interface EscalationPolicyTable {
  id: Generated<string>;
  team_id: string;
  name: string;
  description: Generated<string>;
  repeat_count: Generated<number>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface EscalationLevelTable {
  id: Generated<string>;
  policy_id: string;
  position: number;
  delay_minutes: number;
}

export interface EscalationTargetTable {
  id: Generated<string>;
  level_id: string;
  target_type: EscalationTargetType;
  user_id: string | null;
  schedule_id: string | null;
  team_id: string | null;
}

export interface ScheduleTable {
  id: Generated<string>;
  team_id: string;
  name: string;
  time_zone: string;
  rotation_type: 'daily' | 'weekly';
  shift_length: Generated<number>;
  handoff_time: string;
  /** Local calendar date (YYYY-MM-DD) of the first handoff, in `time_zone`. */
  rotation_start_date: ColumnType<string, string, string>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface ScheduleParticipantTable {
  schedule_id: string;
  position: number;
  user_id: string;
}

export interface ScheduleOverrideTable {
  id: Generated<string>;
  schedule_id: string;
  user_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

export interface ServiceTable {
  id: Generated<string>;
  team_id: string;
  name: string;
  routing_key: string;
  description: Generated<string>;
  escalation_policy_id: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface IntegrationTable {
  id: Generated<string>;
  service_id: string;
  name: string;
  format: IntegrationFormat;
  integration_key: string;
  signature_required: Generated<boolean>;
  signature_header: Generated<string>;
  signature_encoding: Generated<'hex' | 'base64'>;
  timestamp_header: string | null;
  field_mapping: ColumnType<FieldMapping | null, string | null, string | null>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  disabled_at: Timestamp | null;
}

export interface IntegrationSecretTable {
  id: Generated<string>;
  integration_id: string;
  ciphertext: string;
  key_id: string;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp | null;
}

export interface InboundDeliveryTable {
  id: Generated<string>;
  integration_id: string | null;
  received_at: GeneratedTimestamp;
  format: string;
  outcome: 'accepted' | 'rejected';
  http_status: number;
  error_code: string | null;
  alert_count: Generated<number>;
  incident_ids: ColumnType<string[], string[] | undefined, string[]>;
  ip: string | null;
  body_bytes: Generated<number>;
}

export interface IncidentTable {
  id: Generated<string>;
  number: ColumnType<string, never, never>;
  service_id: string;
  team_id: string;
  dedup_key: string;
  title: string;
  description: Generated<string>;
  severity: Severity;
  priority: Priority;
  status: IncidentStatus;
  alert_count: Generated<number>;
  links: ColumnType<Link[], string | undefined, string>;
  assignee_id: string | null;
  escalation_policy_id: string | null;
  escalation_step: Generated<number>;
  escalation_level: Generated<number>;
  escalation_cycle: Generated<number>;
  next_escalation_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  last_alert_at: GeneratedTimestamp;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
  resolved_at: Timestamp | null;
  resolved_by: string | null;
}

export interface AlertTable {
  id: Generated<string>;
  incident_id: string | null;
  integration_id: string;
  delivery_id: string;
  service_id: string;
  dedup_key: string;
  action: AlertAction;
  summary: string;
  severity: string;
  source: string | null;
  links: ColumnType<Link[], string | undefined, string>;
  payload: Json<unknown>;
  received_at: GeneratedTimestamp;
}

export interface IncidentEventTable {
  id: BigIntId;
  incident_id: string;
  occurred_at: GeneratedTimestamp;
  type: string;
  actor_type: ActorType;
  actor_id: string | null;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface ContactMethodTable {
  id: Generated<string>;
  user_id: string;
  type: 'email' | 'webhook';
  address: string;
  label: Generated<string>;
  secret_ciphertext: string | null;
  secret_key_id: string | null;
  enabled: Generated<boolean>;
  created_at: GeneratedTimestamp;
}

export interface PushSubscriptionTable {
  id: Generated<string>;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  user_agent: string | null;
  created_at: GeneratedTimestamp;
  last_success_at: Timestamp | null;
  /** Fingerprint of the VAPID public key the browser subscribed with; null means the current key. */
  vapid_fingerprint: string | null;
}

export interface NotificationTable {
  id: Generated<string>;
  incident_id: string;
  user_id: string;
  /** Which page this delivery belongs to: `escalation:<step>` or `assignment:<event id>`. */
  page_key: string;
  channel: NotificationChannel;
  target_id: string;
  status: Generated<NotificationStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: GeneratedTimestamp;
  sent_at: Timestamp | null;
  /** Delivery lease: until then one worker is sending it and others leave it alone. */
  claimed_until: Timestamp | null;
}

/** Tables of the paging core (identity, incidents, escalation, notifications). */
export interface CoreTables {
  app_user: AppUserTable;
  user_session: UserSessionTable;
  api_key: ApiKeyTable;
  team: TeamTable;
  team_member: TeamMemberTable;
  audit_event: AuditEventTable;
  escalation_policy: EscalationPolicyTable;
  escalation_level: EscalationLevelTable;
  escalation_target: EscalationTargetTable;
  schedule: ScheduleTable;
  schedule_participant: ScheduleParticipantTable;
  schedule_override: ScheduleOverrideTable;
  service: ServiceTable;
  integration: IntegrationTable;
  integration_secret: IntegrationSecretTable;
  inbound_delivery: InboundDeliveryTable;
  incident: IncidentTable;
  alert: AlertTable;
  incident_event: IncidentEventTable;
  contact_method: ContactMethodTable;
  push_subscription: PushSubscriptionTable;
  notification: NotificationTable;
}

/** Every table, as Kysely sees the database. Each domain declares its tables in its own file. */
export type Database = CoreTables & RunbookTables & StatusTables & PartnerTables;

export type AppUser = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type UserSession = Selectable<UserSessionTable>;
export type ApiKey = Selectable<ApiKeyTable>;
export type Team = Selectable<TeamTable>;
export type TeamMember = Selectable<TeamMemberTable>;
export type AuditEvent = Selectable<AuditEventTable>;
export type NewAuditEvent = Insertable<AuditEventTable>;
export type EscalationPolicy = Selectable<EscalationPolicyTable>;
export type EscalationLevel = Selectable<EscalationLevelTable>;
export type EscalationTarget = Selectable<EscalationTargetTable>;
export type Schedule = Selectable<ScheduleTable>;
export type ScheduleParticipant = Selectable<ScheduleParticipantTable>;
export type ScheduleOverride = Selectable<ScheduleOverrideTable>;
export type Service = Selectable<ServiceTable>;
export type ServiceUpdate = Updateable<ServiceTable>;
export type Integration = Selectable<IntegrationTable>;
export type IntegrationSecret = Selectable<IntegrationSecretTable>;
export type InboundDelivery = Selectable<InboundDeliveryTable>;
export type Incident = Selectable<IncidentTable>;
export type IncidentUpdate = Updateable<IncidentTable>;
export type Alert = Selectable<AlertTable>;
export type IncidentEvent = Selectable<IncidentEventTable>;
export type ContactMethod = Selectable<ContactMethodTable>;
export type PushSubscription = Selectable<PushSubscriptionTable>;
export type Notification = Selectable<NotificationTable>;
