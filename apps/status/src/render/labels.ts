import type { SnapshotMaintenanceStatus } from '@pagefree/core/status-pages/snapshot-types';
import type { ComponentStatus, StatusImpact, StatusIncidentStatus } from '@pagefree/db';

/**
 * Words and symbols for statuses. Every status is shown as text; colour and the symbol
 * (hidden from screen readers) only repeat it.
 */
export const COMPONENT_STATUS_LABEL: Record<ComponentStatus, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};

export const COMPONENT_STATUS_SYMBOL: Record<ComponentStatus, string> = {
  operational: '✓',
  degraded_performance: '▲',
  partial_outage: '◆',
  major_outage: '✕',
  under_maintenance: '⚙',
};

export const INDICATOR_SYMBOL: Record<StatusImpact, string> = {
  none: '✓',
  minor: '▲',
  major: '◆',
  critical: '✕',
};

export const INCIDENT_STATUS_LABEL: Record<StatusIncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

export const IMPACT_LABEL: Record<StatusImpact, string> = {
  none: 'No impact',
  minor: 'Minor impact',
  major: 'Major impact',
  critical: 'Critical impact',
};

export const MAINTENANCE_STATUS_LABEL: Record<SnapshotMaintenanceStatus, string> = {
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  completed: 'Completed',
};
