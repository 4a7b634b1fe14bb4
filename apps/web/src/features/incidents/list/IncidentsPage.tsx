import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.tsx';
import { useTRPC } from '../../../lib/trpc.ts';
import { useNow } from '../../../lib/use-now.ts';
import { useBulkAcknowledge, useIncidentTransition } from '../use-incident-actions.ts';
import { BulkBar } from './BulkBar.tsx';
import {
  type IncidentFilters,
  isFiltered,
  readFilters,
  toListInput,
  writeFilters,
} from './filters.ts';
import { IncidentFiltersBar } from './IncidentFiltersBar.tsx';
import { IncidentRow } from './IncidentRow.tsx';

/** Renders the dashboard: open incidents first, filterable, live, with actions on each row. */
export function IncidentsPage() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const now = useNow();
  const [selection, setSelection] = useState<Set<string>>(() => new Set());

  const list = useInfiniteQuery(
    trpc.incidents.list.infiniteQueryOptions(toListInput(filters), {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
    }),
  );
  const incidents = useMemo(
    () => list.data?.pages.flatMap((page) => page.items) ?? [],
    [list.data],
  );

  const acknowledge = useIncidentTransition('acknowledge');
  const resolve = useIncidentTransition('resolve');
  const bulkAcknowledge = useBulkAcknowledge(() => setSelection(new Set()));

  const visibleSelection = incidents.filter((incident) => selection.has(incident.id));
  const acknowledgeable = visibleSelection.filter((incident) => incident.status === 'triggered');
  const pendingId = (mutation: typeof acknowledge) =>
    mutation.isPending ? mutation.variables?.incident.id : undefined;
  const busyIds = new Set([pendingId(acknowledge), pendingId(resolve)]);

  function changeFilters(next: IncidentFilters) {
    setSelection(new Set());
    setParams(writeFilters(next), { replace: true });
  }

  function select(incidentId: string, selected: boolean) {
    setSelection((current) => {
      const next = new Set(current);
      if (selected) next.add(incidentId);
      else next.delete(incidentId);
      return next;
    });
  }

  const allSelected = incidents.length > 0 && visibleSelection.length === incidents.length;

  return (
    <main className="page" id="main">
      <div className="page-header">
        <h1>Incidents</h1>
      </div>
      <IncidentFiltersBar filters={filters} onChange={changeFilters} />

      <div className="list-toolbar">
        <label className="select-all">
          <input
            type="checkbox"
            checked={allSelected}
            disabled={incidents.length === 0}
            onChange={(event) =>
              setSelection(
                event.target.checked
                  ? new Set(incidents.map((incident) => incident.id))
                  : new Set(),
              )
            }
          />
          Select all shown
        </label>
        <BulkBar
          selectedCount={visibleSelection.length}
          acknowledgeableCount={acknowledgeable.length}
          busy={bulkAcknowledge.isPending}
          onAcknowledge={() =>
            bulkAcknowledge.mutate({ incidentIds: acknowledgeable.map((incident) => incident.id) })
          }
          onClear={() => setSelection(new Set())}
        />
      </div>

      {list.isPending ? (
        <LoadingState label="Loading incidents…" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : incidents.length === 0 ? (
        <EmptyState
          title={isFiltered(filters) ? 'No incidents match these filters.' : 'No open incidents.'}
        >
          {isFiltered(filters) ? (
            <p>Clear the filters or choose another status to see more.</p>
          ) : (
            <p>All quiet. New incidents appear here as soon as an alert arrives.</p>
          )}
        </EmptyState>
      ) : (
        <>
          <ul className="incident-list" aria-label="Incidents">
            {incidents.map((incident) => (
              <IncidentRow
                key={incident.id}
                incident={incident}
                now={now}
                selected={selection.has(incident.id)}
                onSelect={(selected) => select(incident.id, selected)}
                onAcknowledge={() => acknowledge.mutate({ incident })}
                onResolve={() => resolve.mutate({ incident })}
                busy={busyIds.has(incident.id)}
              />
            ))}
          </ul>
          {list.hasNextPage ? (
            <button
              type="button"
              className="button load-more"
              onClick={() => list.fetchNextPage()}
              disabled={list.isFetchingNextPage}
            >
              {list.isFetchingNextPage ? 'Loading more…' : 'Show more incidents'}
            </button>
          ) : null}
        </>
      )}
    </main>
  );
}
