import type { IncidentSummary } from '@pagefree/contracts';
import type { InfiniteData, QueryClient, QueryKey } from '@tanstack/react-query';
import type { RouterOutputs } from '../../lib/trpc.ts';

type ListPage = RouterOutputs['incidents']['list'];
type ListData = ListPage | InfiniteData<ListPage>;

export type IncidentSnapshot = Array<[QueryKey, unknown]>;

function mapPage(
  page: ListPage,
  incidentIds: ReadonlySet<string>,
  update: (incident: IncidentSummary) => IncidentSummary,
): ListPage {
  if (!page.items.some((item) => incidentIds.has(item.id))) return page;
  return {
    ...page,
    items: page.items.map((item) => (incidentIds.has(item.id) ? update(item) : item)),
  };
}

/**
 * Applies `update` to the given incidents wherever a cached `incidents.list` contains them,
 * in plain and infinite (paged) lists alike. Returns the previous cache entries, so a failed
 * optimistic change can be rolled back with `restoreSnapshot`.
 */
export function updateIncidentsInLists(
  queryClient: QueryClient,
  listFilter: { queryKey: QueryKey },
  incidentIds: Iterable<string>,
  update: (incident: IncidentSummary) => IncidentSummary,
): IncidentSnapshot {
  const ids = new Set(incidentIds);
  const snapshot = queryClient.getQueriesData<ListData>(listFilter);
  queryClient.setQueriesData<ListData>(listFilter, (data) => {
    if (!data) return data;
    if ('pages' in data) {
      return { ...data, pages: data.pages.map((page) => mapPage(page, ids, update)) };
    }
    return mapPage(data, ids, update);
  });
  return snapshot;
}

export function restoreSnapshot(queryClient: QueryClient, snapshot: IncidentSnapshot): void {
  for (const [queryKey, data] of snapshot) queryClient.setQueryData(queryKey, data);
}

/** Returns the incident as it looks right after a person acknowledges or resolves it. */
export function withStatus(
  incident: IncidentSummary,
  status: 'acknowledged' | 'resolved',
  at: string,
): IncidentSummary {
  if (status === 'acknowledged') {
    return incident.status === 'triggered'
      ? { ...incident, status, acknowledgedAt: at, updatedAt: at }
      : incident;
  }
  return incident.status === 'resolved'
    ? incident
    : { ...incident, status, resolvedAt: at, updatedAt: at };
}
