import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useTRPC, useTRPCClient } from '../../../lib/trpc.ts';
import {
  AUDIT_ACTION_LABELS,
  DENIAL_REASON_LABELS,
  type PartnerAuditEvent,
  shortUserAgent,
} from '../partner-labels.ts';
import { PartnerAuditFiltersForm } from './PartnerAuditFiltersForm.tsx';
import {
  EMPTY_PARTNER_AUDIT_FILTERS,
  PARTNER_AUDIT_PAGE_SIZE,
  type PartnerAuditFilters,
  toPartnerAuditInput,
} from './partner-audit-filters.ts';

/**
 * Partner sign-ins, page reads and every denied attempt, newest first. Events are kept 90
 * days. Page reads are recorded once per credential every few minutes, not per request.
 */
export function PartnerAuditPanel() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [filters, setFilters] = useState<PartnerAuditFilters>(EMPTY_PARTNER_AUDIT_FILTERS);
  const partners = useQuery(
    trpc.partners.list.queryOptions({ includeDeactivated: true }, { staleTime: 60_000 }),
  );
  const pages = useQuery(trpc.partners.pages.list.queryOptions(undefined, { staleTime: 60_000 }));
  const input = toPartnerAuditInput(filters);
  const events = useInfiniteQuery({
    queryKey: ['partner-audit-log', input],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => client.partners.audit.list.query({ ...input, beforeId: pageParam }),
    getNextPageParam: (page) =>
      page.length === PARTNER_AUDIT_PAGE_SIZE ? page[page.length - 1]?.id : undefined,
  });
  const rows = events.data?.pages.flat() ?? [];

  return (
    <section aria-labelledby="partner-audit-title">
      <div className="section-header">
        <h2 id="partner-audit-title">Partner audit log</h2>
      </div>
      <p className="muted small">
        Kept for 90 days. Page reads are recorded once per token or session every 5 minutes; every
        denied attempt is recorded.
      </p>
      <PartnerAuditFiltersForm
        initial={filters}
        partners={partners.data ?? []}
        pages={pages.data ?? []}
        onApply={setFilters}
      />
      {events.isPending ? (
        <LoadingState label="Loading partner audit events…" />
      ) : events.isError ? (
        <ErrorState error={events.error} onRetry={() => events.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No partner audit events match these filters." />
      ) : (
        <>
          <div className="table-scroll">
            <table className="table table-stack">
              <caption className="visually-hidden">Partner audit events, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Event</th>
                  <th scope="col">Partner</th>
                  <th scope="col">Page</th>
                  <th scope="col">From</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((event) => (
                  <AuditRow key={event.id} event={event} />
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
    </section>
  );
}

function AuditRow({ event }: { event: PartnerAuditEvent }) {
  const denied = event.outcome === 'denied';
  return (
    <tr>
      <td className="nowrap" data-label="When">
        <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt)}</time>
      </td>
      <td data-label="Event">
        <div>
          <span className={denied ? 'badge badge-bad' : 'badge badge-on'}>
            {denied ? 'Denied' : 'Allowed'}
          </span>{' '}
          {AUDIT_ACTION_LABELS[event.action] ?? event.action}
          {event.reason ? (
            <div className="small">{DENIAL_REASON_LABELS[event.reason] ?? event.reason}</div>
          ) : null}
          {event.path ? <div className="mono small break muted">{event.path}</div> : null}
        </div>
      </td>
      <td data-label="Partner">
        <div>
          {event.partnerName ?? (event.partnerId ? 'Deleted partner' : 'Unknown')}
          {event.credentialKind ? (
            <div className="muted small">by {credentialLabel(event.credentialKind)}</div>
          ) : null}
        </div>
      </td>
      <td data-label="Page">{event.pageSlug ? `/${event.pageSlug}` : '—'}</td>
      <td data-label="From">
        <div>
          <span className="mono small">{event.ip ?? '—'}</span>
          <div className="muted small" title={event.userAgent ?? undefined}>
            {shortUserAgent(event.userAgent)}
          </div>
        </div>
      </td>
    </tr>
  );
}

function credentialLabel(kind: string): string {
  if (kind === 'token') return 'access token';
  if (kind === 'sign_in_link') return 'sign-in link';
  return 'session';
}
