import type { IncidentSummary } from '@pagefree/contracts';
import type { RouterInputs } from '../../../lib/trpc.ts';

export type StatusFilter = 'open' | 'triggered' | 'acknowledged' | 'resolved' | 'all';
export type Priority = IncidentSummary['priority'];

export const STATUS_FILTERS: Array<{ value: StatusFilter; label: string }> = [
  { value: 'open', label: 'Open' },
  { value: 'triggered', label: 'Triggered' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'all', label: 'All' },
];

export const PRIORITIES: Priority[] = ['P1', 'P2', 'P3', 'P4', 'P5'];

export interface IncidentFilters {
  status: StatusFilter;
  teamId: string | null;
  serviceId: string | null;
  priorities: Priority[];
}

/**
 * Reads the filters from the URL, so a filtered view can be bookmarked and shared. Unknown
 * values fall back to the default (open incidents of every team).
 */
export function readFilters(params: URLSearchParams): IncidentFilters {
  const status = params.get('status');
  const priorities = (params.get('priority') ?? '')
    .split(',')
    .filter((value): value is Priority => (PRIORITIES as string[]).includes(value));
  return {
    status: STATUS_FILTERS.some((filter) => filter.value === status)
      ? (status as StatusFilter)
      : 'open',
    teamId: params.get('team') || null,
    serviceId: params.get('service') || null,
    priorities,
  };
}

export function writeFilters(filters: IncidentFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status !== 'open') params.set('status', filters.status);
  if (filters.teamId) params.set('team', filters.teamId);
  if (filters.serviceId) params.set('service', filters.serviceId);
  if (filters.priorities.length) params.set('priority', filters.priorities.join(','));
  return params;
}

export function isFiltered(filters: IncidentFilters): boolean {
  return writeFilters(filters).toString() !== '';
}

/** Builds the `incidents.list` input for the filters, without paging fields. */
export function toListInput(filters: IncidentFilters): RouterInputs['incidents']['list'] {
  const statusByFilter: Record<StatusFilter, IncidentSummary['status'][] | undefined> = {
    open: ['triggered', 'acknowledged'],
    triggered: ['triggered'],
    acknowledged: ['acknowledged'],
    resolved: ['resolved'],
    all: undefined,
  };
  return {
    status: statusByFilter[filters.status],
    teamId: filters.teamId ?? undefined,
    serviceId: filters.serviceId ?? undefined,
    priority: filters.priorities.length ? filters.priorities : undefined,
    limit: 50,
  };
}
