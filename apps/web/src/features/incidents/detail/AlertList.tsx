import { useQuery } from '@tanstack/react-query';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.tsx';
import { formatDateTime, formatRelative } from '../../../lib/format.ts';
import { type RouterOutputs, useTRPC } from '../../../lib/trpc.ts';
import { ExternalLinks } from './ExternalLinks.tsx';

type Alert = RouterOutputs['incidents']['alerts'][number];

/** Alerts grouped into the incident, newest first; raw payloads stay collapsed until asked for. */
export function AlertList({ incidentId, now }: { incidentId: string; now: number }) {
  const trpc = useTRPC();
  const alerts = useQuery(trpc.incidents.alerts.queryOptions({ incidentId, limit: 50 }));

  if (alerts.isPending) return <LoadingState label="Loading alerts…" />;
  if (alerts.isError) return <ErrorState error={alerts.error} onRetry={() => alerts.refetch()} />;
  if (alerts.data.length === 0) {
    return <EmptyState title="No alerts are attached to this incident." />;
  }
  return (
    <ul className="alert-list" aria-label="Alerts">
      {alerts.data.map((alert) => (
        <AlertItem key={alert.id} alert={alert} now={now} />
      ))}
    </ul>
  );
}

function AlertItem({ alert, now }: { alert: Alert; now: number }) {
  return (
    <li className="alert-item">
      <div className="alert-head">
        <span className={`badge action action-${alert.action}`}>{alert.action}</span>
        <span className="badge severity">{alert.severity}</span>
        <span className="alert-summary">{alert.summary}</span>
      </div>
      <p className="muted small">
        {alert.source ? `${alert.source} · ` : ''}
        <time dateTime={alert.receivedAt} title={formatDateTime(alert.receivedAt)}>
          received {formatRelative(alert.receivedAt, now)}
        </time>
      </p>
      <ExternalLinks links={alert.links} />
      <details className="payload">
        <summary>Raw payload</summary>
        <pre>
          <code>{JSON.stringify(alert.payload, null, 2)}</code>
        </pre>
      </details>
    </li>
  );
}
