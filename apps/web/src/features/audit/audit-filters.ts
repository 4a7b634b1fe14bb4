import type { RouterInputs } from '../../lib/trpc.ts';

export interface AuditFilters {
  actorId: string;
  action: string;
  resourceType: string;
  resourceId: string;
  /** `YYYY-MM-DD` in the browser's time zone; the whole day is included. */
  fromDate: string;
  toDate: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilters = {
  actorId: '',
  action: '',
  resourceType: '',
  resourceId: '',
  fromDate: '',
  toDate: '',
};

/** Suggestions for the action filter; the server accepts any action name. */
export const KNOWN_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'incident.acknowledged',
  'incident.resolved',
  'incident.reassigned',
  'incident.priority_changed',
  'incident.note_added',
  'ingest.rejected',
  'integration.created',
  'integration.updated',
  'integration.secret_rotated',
  'integration.test_alert_sent',
  'escalation_policy.created',
  'escalation_policy.updated',
  'schedule.created',
  'schedule.override_created',
  'schedule.override_deleted',
  'service.created',
  'service.updated',
  'team.created',
  'team.member_set',
  'team.member_removed',
  'user.created',
  'api_key.created',
  'api_key.revoked',
  'contact_method.added',
  'push_subscription.registered',
  'notification.test_push_sent',
];

export const KNOWN_RESOURCE_TYPES = [
  'incident',
  'integration',
  'service',
  'escalation_policy',
  'schedule',
  'team',
  'user',
  'session',
  'api_key',
  'contact_method',
  'push_subscription',
];

/** Events per page of the audit log. */
export const AUDIT_PAGE_SIZE = 100;

/** Builds the `audit.list` input for the filters; dates become local-midnight bounds. */
export function toAuditInput(filters: AuditFilters): NonNullable<RouterInputs['audit']['list']> {
  const startOfDay = (date: string) => new Date(`${date}T00:00:00`);
  const nextDay = (date: string) => {
    const day = startOfDay(date);
    day.setDate(day.getDate() + 1);
    return day;
  };
  return {
    actorId: filters.actorId.trim() || undefined,
    action: filters.action.trim() || undefined,
    resourceType: filters.resourceType.trim() || undefined,
    resourceId: filters.resourceId.trim() || undefined,
    from: filters.fromDate ? startOfDay(filters.fromDate).toISOString() : undefined,
    to: filters.toDate ? nextDay(filters.toDate).toISOString() : undefined,
    limit: AUDIT_PAGE_SIZE,
  };
}
