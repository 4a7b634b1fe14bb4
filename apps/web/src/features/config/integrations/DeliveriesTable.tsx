import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useTRPC } from '../../../lib/trpc.ts';

/** Lists the integration's latest webhook deliveries and the outcome of each, newest first. */
export function DeliveriesTable({ integrationId }: { integrationId: string }) {
  const trpc = useTRPC();
  const deliveries = useQuery(
    trpc.integrations.deliveries.queryOptions(
      { integrationId, limit: 20 },
      { refetchInterval: 15_000 },
    ),
  );

  if (deliveries.isPending) return <LoadingState label="Loading deliveries…" />;
  if (deliveries.isError) {
    return <ErrorState error={deliveries.error} onRetry={() => deliveries.refetch()} />;
  }
  if (deliveries.data.length === 0) {
    return (
      <EmptyState title="No deliveries yet.">
        <p>Point the monitoring tool at the ingestion URL, or send a test alert.</p>
      </EmptyState>
    );
  }
  return (
    <div className="table-scroll">
      <table className="table table-compact table-stack">
        <caption className="visually-hidden">Recent deliveries</caption>
        <thead>
          <tr>
            <th scope="col">Received</th>
            <th scope="col">Result</th>
            <th scope="col">Alerts</th>
            <th scope="col">Incidents</th>
            <th scope="col">From</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.data.map((delivery) => (
            <tr key={delivery.id}>
              <td className="nowrap" data-label="Received">
                <time dateTime={delivery.receivedAt}>{formatDateTime(delivery.receivedAt)}</time>
              </td>
              <td data-label="Result">
                <span
                  className={`badge ${delivery.outcome === 'accepted' ? 'badge-on' : 'badge-bad'}`}
                >
                  <span aria-hidden="true">{delivery.outcome === 'accepted' ? '✓ ' : '✕ '}</span>
                  {delivery.outcome === 'accepted' ? 'Accepted' : 'Rejected'} · HTTP{' '}
                  {delivery.httpStatus}
                </span>
                {delivery.errorCode ? <div className="mono small">{delivery.errorCode}</div> : null}
              </td>
              <td data-label="Alerts">{delivery.alertCount}</td>
              <td data-label="Incidents">
                {delivery.incidentIds.length === 0
                  ? '—'
                  : delivery.incidentIds.map((incidentId, index) => (
                      <span key={incidentId}>
                        {index > 0 ? ', ' : ''}
                        <Link to={`/incidents/${incidentId}`}>
                          {delivery.incidentNumbers[incidentId]
                            ? `#${delivery.incidentNumbers[incidentId]}`
                            : 'View incident'}
                        </Link>
                      </span>
                    ))}
              </td>
              <td className="mono small" data-label="From">
                {delivery.ip ?? '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
