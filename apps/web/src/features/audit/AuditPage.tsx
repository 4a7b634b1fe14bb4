import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { type RouterOutputs, useTRPC, useTRPCClient } from '../../lib/trpc.ts';
import { useCurrentUser } from '../auth/session-context.tsx';
import { isPlatformAdmin } from '../auth/use-session.ts';
import { AuditFiltersForm } from './AuditFiltersForm.tsx';
import {
  AUDIT_PAGE_SIZE,
  type AuditFilters,
  EMPTY_AUDIT_FILTERS,
  toAuditInput,
} from './audit-filters.ts';

type AuditEvent = RouterOutputs['audit']['list'][number];

/** Shows the audit log to platform admins, newest first, filterable and paged with "Load older". */
export function AuditPage() {
  const user = useCurrentUser();
  if (!isPlatformAdmin(user)) {
    return (
      <main className="page" id="main">
        <h1>Audit log</h1>
        <EmptyState title="Only platform admins can read the audit log.">
          <p>Ask a platform admin if you need to know who changed something.</p>
        </EmptyState>
      </main>
    );
  }
  return <AuditLog />;
}

function AuditLog() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [filters, setFilters] = useState<AuditFilters>(EMPTY_AUDIT_FILTERS);
  const users = useQuery(trpc.users.list.queryOptions({ limit: 200 }, { staleTime: 300_000 }));
  const userNames = useMemo(
    () => new Map((users.data ?? []).map((row) => [row.id, row.name])),
    [users.data],
  );
  const input = toAuditInput(filters);
  const events = useInfiniteQuery({
    queryKey: ['audit-log', input],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => client.audit.list.query({ ...input, beforeId: pageParam }),
    getNextPageParam: (page) =>
      page.length === AUDIT_PAGE_SIZE ? page[page.length - 1]?.id : undefined,
  });
  const rows = events.data?.pages.flat() ?? [];

  return (
    <main className="page" id="main">
      <div className="page-header">
        <h1>Audit log</h1>
      </div>
      <AuditFiltersForm initial={filters} users={users.data ?? []} onApply={setFilters} />
      {events.isPending ? (
        <LoadingState label="Loading audit events…" />
      ) : events.isError ? (
        <ErrorState error={events.error} onRetry={() => events.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No audit events match these filters." />
      ) : (
        <>
          <div className="table-scroll">
            <table className="table table-stack">
              <caption className="visually-hidden">Audit events, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Resource</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((event) => (
                  <AuditRow key={event.id} event={event} userNames={userNames} />
                ))}
              </tbody>
            </table>
          </div>
          {events.hasNextPage ? (
            <button
              type="button"
              className="button load-more"
              onClick={() => events.fetchNextPage()}
              disabled={events.isFetchingNextPage}
            >
              {events.isFetchingNextPage ? 'Loading…' : 'Load older events'}
            </button>
          ) : null}
        </>
      )}
    </main>
  );
}

function AuditRow({ event, userNames }: { event: AuditEvent; userNames: Map<string, string> }) {
  const actorName = event.actorId ? userNames.get(event.actorId) : undefined;
  const metadata = Object.entries(event.metadata ?? {});
  return (
    <tr>
      <td className="nowrap" data-label="When">
        <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt)}</time>
      </td>
      <td data-label="Actor">
        {actorName ?? event.actorType}
        {event.actorId && !actorName ? (
          <div className="mono small break">{event.actorId}</div>
        ) : null}
        {event.ip ? <div className="muted small">{event.ip}</div> : null}
      </td>
      <td className="mono" data-label="Action">
        {event.action}
      </td>
      <td data-label="Resource">
        {event.resourceType}
        {event.resourceId ? <div className="mono small break">{event.resourceId}</div> : null}
      </td>
      <td className="small" data-label="Details">
        {metadata.length === 0
          ? '—'
          : metadata.map(([key, value]) => {
              // A user id is shown as the user's name, under the key without its `Id`.
              const name = userNames.get(String(value));
              const label = name && key.endsWith('Id') ? key.slice(0, -2) : key;
              return (
                <div key={key} className="break">
                  <span className="muted">{label}:</span> {name ?? String(value)}
                </div>
              );
            })}
      </td>
    </tr>
  );
}
