import type {
  ComponentStatus,
  Impact,
  IncidentStatus,
  MaintenanceState,
  Subscriber,
} from './types.ts';

/**
 * Words, symbols and badge tones for status page states. The word always shows, and the symbol
 * and the tone's colour only repeat it. The symbols match the public status site's.
 */
export interface StatusLabel {
  text: string;
  symbol: string;
  /** Badge modifier class from the console stylesheet. */
  tone: 'badge-on' | 'badge-off' | 'badge-minor' | 'badge-major' | 'badge-bad' | 'badge-now';
}

export const COMPONENT_STATUS: Record<ComponentStatus, StatusLabel> = {
  operational: { text: 'Operational', symbol: '✓', tone: 'badge-on' },
  degraded_performance: { text: 'Degraded performance', symbol: '▲', tone: 'badge-minor' },
  partial_outage: { text: 'Partial outage', symbol: '◆', tone: 'badge-major' },
  major_outage: { text: 'Major outage', symbol: '✕', tone: 'badge-bad' },
  under_maintenance: { text: 'Under maintenance', symbol: '⚙', tone: 'badge-now' },
};

export const INCIDENT_STATUS: Record<IncidentStatus, StatusLabel> = {
  investigating: { text: 'Investigating', symbol: '?', tone: 'badge-bad' },
  identified: { text: 'Identified', symbol: '!', tone: 'badge-major' },
  monitoring: { text: 'Monitoring', symbol: '◔', tone: 'badge-minor' },
  resolved: { text: 'Resolved', symbol: '✓', tone: 'badge-on' },
};

/** Status incident stages in the order an incident usually moves through them. */
export const INCIDENT_STATUS_ORDER: IncidentStatus[] = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
];

export const IMPACT: Record<Impact, StatusLabel> = {
  none: { text: 'No impact', symbol: '✓', tone: 'badge-off' },
  minor: { text: 'Minor impact', symbol: '▲', tone: 'badge-minor' },
  major: { text: 'Major impact', symbol: '◆', tone: 'badge-major' },
  critical: { text: 'Critical impact', symbol: '✕', tone: 'badge-bad' },
};

export const IMPACT_ORDER: Impact[] = ['none', 'minor', 'major', 'critical'];

export const MAINTENANCE_STATE: Record<MaintenanceState, StatusLabel> = {
  scheduled: { text: 'Scheduled', symbol: '◷', tone: 'badge-now' },
  in_progress: { text: 'In progress', symbol: '⚙', tone: 'badge-minor' },
  completed: { text: 'Completed', symbol: '✓', tone: 'badge-on' },
  cancelled: { text: 'Cancelled', symbol: '○', tone: 'badge-off' },
};

export const SUBSCRIBER_STATE: Record<Subscriber['state'], StatusLabel> = {
  active: { text: 'Active', symbol: '✓', tone: 'badge-on' },
  pending: { text: 'Awaiting confirmation', symbol: '◔', tone: 'badge-minor' },
  unsubscribed: { text: 'Unsubscribed', symbol: '○', tone: 'badge-off' },
};

/** Why a component shows its status, by the `statusSources` keys of the preview. */
export const STATUS_SOURCE: Record<string, string> = {
  status_incident: 'Set by an unresolved status incident',
  maintenance: 'Maintenance in progress',
  incidents: 'Open incidents on its mapped services',
  none: 'No open incidents on its mapped services',
};
