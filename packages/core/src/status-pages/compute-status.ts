import type {
  ComponentStatus,
  IncidentComponentStatus,
  Priority,
  StatusImpact,
} from '@pagefree/db';

/**
 * The status rule, written once: every status page, snapshot and test uses these functions.
 *
 * A component's status comes from the first source that applies:
 * 1. An unresolved status incident that a person published and that names the component:
 *    the impact it states for the component (the worst one, if several name it). This
 *    overrides everything below, including "operational" for a false alarm.
 * 2. A maintenance window in progress that covers the component: `under_maintenance`.
 * 3. Open internal incidents on any service mapped to the component, worst priority wins:
 *    P1 major outage, P2 partial outage, P3 degraded performance, P4 and P5 operational.
 *    Acknowledged incidents count as open, because acknowledging does not end an outage.
 * 4. Otherwise `operational`. A resolved incident, a resolved status incident or an ended
 *    maintenance stops counting, so the component returns to operational on its own.
 */
export const PRIORITY_IMPACT: Record<Priority, ComponentStatus> = {
  P1: 'major_outage',
  P2: 'partial_outage',
  P3: 'degraded_performance',
  P4: 'operational',
  P5: 'operational',
};

/** Order used by "worst wins"; maintenance ranks above operational and below any outage. */
const STATUS_RANK: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

export interface ComponentStatusInputs {
  /** Priorities of open incidents on the services mapped to the component. */
  openIncidentPriorities: readonly Priority[];
  /** Impacts that unresolved status incidents state for the component. */
  statusIncidentImpacts: readonly IncidentComponentStatus[];
  inMaintenance: boolean;
}

export type StatusSource = 'status_incident' | 'maintenance' | 'incidents' | 'none';

export interface ComputedComponentStatus {
  status: ComponentStatus;
  /** The rule that decided the status, for the console's explanation. */
  source: StatusSource;
}

/** Returns the worse of the statuses; `operational` for an empty list. */
export function worstStatus(statuses: readonly ComponentStatus[]): ComponentStatus {
  let worst: ComponentStatus = 'operational';
  for (const status of statuses) {
    if (STATUS_RANK[status] > STATUS_RANK[worst]) worst = status;
  }
  return worst;
}

export function computeComponentStatus(inputs: ComponentStatusInputs): ComputedComponentStatus {
  if (inputs.statusIncidentImpacts.length > 0) {
    return { status: worstStatus(inputs.statusIncidentImpacts), source: 'status_incident' };
  }
  if (inputs.inMaintenance) {
    return { status: 'under_maintenance', source: 'maintenance' };
  }
  const fromIncidents = worstStatus(inputs.openIncidentPriorities.map((p) => PRIORITY_IMPACT[p]));
  if (fromIncidents !== 'operational') {
    return { status: fromIncidents, source: 'incidents' };
  }
  return { status: 'operational', source: 'none' };
}

const IMPACT_RANK: Record<StatusImpact, number> = { none: 0, minor: 1, major: 2, critical: 3 };

/** The Statuspage indicator a component status contributes to the page. */
const STATUS_INDICATOR: Record<ComponentStatus, StatusImpact> = {
  operational: 'none',
  under_maintenance: 'none',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};

const INDICATOR_DESCRIPTION: Record<Exclude<StatusImpact, 'none'>, string> = {
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major System Outage',
};

export interface PageStatus {
  indicator: StatusImpact;
  description: string;
}

/**
 * Computes the page's overall status on the Statuspage indicator scale: the worst of its
 * components' statuses and of its unresolved status incidents' stated impacts.
 */
export function computePageStatus(
  componentStatuses: readonly ComponentStatus[],
  unresolvedIncidentImpacts: readonly StatusImpact[],
): PageStatus {
  let indicator: StatusImpact = 'none';
  const candidates = [
    ...componentStatuses.map((s) => STATUS_INDICATOR[s]),
    ...unresolvedIncidentImpacts,
  ];
  for (const candidate of candidates) {
    if (IMPACT_RANK[candidate] > IMPACT_RANK[indicator]) indicator = candidate;
  }
  if (indicator !== 'none') {
    return { indicator, description: INDICATOR_DESCRIPTION[indicator] };
  }
  if (componentStatuses.includes('under_maintenance')) {
    return { indicator, description: 'Service Under Maintenance' };
  }
  return { indicator, description: 'All Systems Operational' };
}
