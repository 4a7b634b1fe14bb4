import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.tsx';
import { formatDateTime, formatRelative } from '../../../lib/format.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { useNow } from '../../../lib/use-now.ts';
import { useStatusPageContext } from '../page-context.ts';
import { StatusLabelBadge } from '../StatusLabelBadge.tsx';
import { IMPACT, INCIDENT_STATUS } from '../status-labels.ts';
import type { StatusIncidentSummary } from '../types.ts';
import { CreateIncidentForm } from './CreateIncidentForm.tsx';

/** How many status incidents the list loads, newest first. */
const INCIDENT_LIST_LIMIT = 100;

/** Lists the page's status incidents, open ones first. Responders publish new ones here. */
export function IncidentsPanel() {
  const { page, access } = useStatusPageContext();
  const trpc = useTRPC();
  const [creating, setCreating] = useState(false);
  const incidents = useQuery(
    trpc.statusPages.incidents.list.queryOptions({ pageId: page.id, limit: INCIDENT_LIST_LIMIT }),
  );
  const open = incidents.data?.filter((incident) => incident.status !== 'resolved') ?? [];
  const resolved = incidents.data?.filter((incident) => incident.status === 'resolved') ?? [];

  return (
    <section aria-labelledby="status-incidents-title">
      <div className="section-header">
        <h2 id="status-incidents-title">Status incidents</h2>
        {access.canCommunicate && !creating ? (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            New status incident
          </button>
        ) : null}
      </div>
      {creating ? <CreateIncidentForm page={page} onDone={() => setCreating(false)} /> : null}
      {incidents.isPending ? (
        <LoadingState label="Loading status incidents…" />
      ) : incidents.isError ? (
        <ErrorState error={incidents.error} onRetry={() => incidents.refetch()} />
      ) : incidents.data.length === 0 ? (
        <EmptyState title="No status incidents yet.">
          <p>
            Components already follow the internal incidents of their services. Publish a status
            incident to tell customers what is happening in your own words.
          </p>
        </EmptyState>
      ) : (
        <>
          <h3>Open</h3>
          {open.length === 0 ? (
            <p className="muted">Nothing open; the page shows no incident.</p>
          ) : (
            <IncidentList label="Open status incidents" incidents={open} pageId={page.id} />
          )}
          {resolved.length > 0 ? (
            <>
              <h3>Resolved</h3>
              <IncidentList
                label="Resolved status incidents"
                incidents={resolved}
                pageId={page.id}
              />
            </>
          ) : null}
        </>
      )}
    </section>
  );
}

function IncidentList({
  label,
  incidents,
  pageId,
}: {
  label: string;
  incidents: StatusIncidentSummary[];
  pageId: string;
}) {
  const now = useNow();
  return (
    <ul className="item-list" aria-label={label}>
      {incidents.map((incident) => (
        <li key={incident.id} className="item">
          <div>
            <div className="row-badges">
              <StatusLabelBadge label={INCIDENT_STATUS[incident.status]} />
              <StatusLabelBadge label={IMPACT[incident.impact]} />
            </div>
            <Link className="row-title" to={`/status-pages/${pageId}/incidents/${incident.id}`}>
              {incident.title}
            </Link>
            <div className="row-meta">
              <span>
                {incident.updateCount} update{incident.updateCount === 1 ? '' : 's'}
              </span>
              <span>
                Last update{' '}
                <time dateTime={incident.updatedAt} title={formatDateTime(incident.updatedAt)}>
                  {formatRelative(incident.updatedAt, now)}
                </time>
              </span>
              <span>
                Opened{' '}
                <time dateTime={incident.createdAt}>{formatDateTime(incident.createdAt)}</time>
              </span>
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
