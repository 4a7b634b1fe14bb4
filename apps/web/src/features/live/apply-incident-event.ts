import type { IncidentEventName, IncidentSummary } from '@pagefree/contracts';
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { updateIncidentsInLists } from '../incidents/incident-cache.ts';

/** Replaces the incident in every cached list where it appears, unless the cached copy is newer. */
export function patchIncidentLists(
  queryClient: QueryClient,
  listFilter: { queryKey: QueryKey },
  incident: IncidentSummary,
): void {
  updateIncidentsInLists(queryClient, listFilter, [incident.id], (cached) =>
    cached.updatedAt > incident.updatedAt ? cached : incident,
  );
}

/** Text announced to screen readers (and shown briefly) for an incident event. */
export function describeIncidentEvent(name: IncidentEventName, incident: IncidentSummary): string {
  const label = `#${incident.number} ${incident.title}`;
  switch (name) {
    case 'incident.created':
      return `New ${incident.priority} incident ${label}`;
    case 'incident.acknowledged':
      // The summary names the assignee, who need not be the person who acknowledged.
      return `${label} acknowledged`;
    case 'incident.resolved':
      return `${label} resolved`;
    case 'incident.updated':
      return `${label} updated`;
    default: {
      const unreachable: never = name;
      return String(unreachable);
    }
  }
}
