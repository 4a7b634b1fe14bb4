import { skipToken, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { PriorityBadge } from '../../../components/PriorityBadge.tsx';
import { ErrorState, LoadingState } from '../../../components/States.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { formatDateTime, formatRelative } from '../../../lib/format.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { useNow } from '../../../lib/use-now.ts';
import { IncidentRunbooks } from '../../runbooks/incident/IncidentRunbooks.tsx';
import { useIncidentTransition } from '../use-incident-actions.ts';
import { AlertList } from './AlertList.tsx';
import { ExternalLinks } from './ExternalLinks.tsx';
import { NoteForm } from './NoteForm.tsx';
import { PriorityControl } from './PriorityControl.tsx';
import { ReassignControl } from './ReassignControl.tsx';
import { Timeline } from './Timeline.tsx';

/** Shows one incident: summary and actions, links, alerts with payloads, timeline and notes. */
export function IncidentDetailPage() {
  const { incidentId = '' } = useParams();
  const trpc = useTRPC();
  const now = useNow();
  const incident = useQuery(trpc.incidents.get.queryOptions({ incidentId }));
  const teamId = incident.data?.teamId;
  const members = useQuery(trpc.teams.members.queryOptions(teamId ? { teamId } : skipToken));
  const userNames = useMemo(
    () => new Map((members.data ?? []).map((member) => [member.id, member.name])),
    [members.data],
  );
  const acknowledge = useIncidentTransition('acknowledge');
  const resolve = useIncidentTransition('resolve');

  if (incident.isPending) {
    return (
      <main className="page" id="main">
        <LoadingState label="Loading the incident…" />
      </main>
    );
  }
  if (incident.isError) {
    return (
      <main className="page" id="main">
        <p>
          <Link to="/incidents">← All incidents</Link>
        </p>
        <ErrorState
          error={incident.error}
          title="This incident could not be loaded."
          onRetry={() => incident.refetch()}
        />
      </main>
    );
  }

  const data = incident.data;
  const busy = acknowledge.isPending || resolve.isPending;
  return (
    <main className="page incident-detail" id="main">
      <p className="back-link">
        <Link to="/incidents">← All incidents</Link>
      </p>
      <header className="detail-header">
        <div className="detail-badges">
          <StatusBadge status={data.status} />
          <PriorityBadge priority={data.priority} />
          <span className="badge severity">{data.severity}</span>
        </div>
        <h1>
          <span className="incident-number">#{data.number}</span> {data.title}
        </h1>
        <div className="detail-actions">
          {data.status === 'triggered' ? (
            <button
              type="button"
              className="button button-primary"
              disabled={busy}
              onClick={() => acknowledge.mutate({ incident: data })}
            >
              Acknowledge
            </button>
          ) : null}
          {data.status !== 'resolved' ? (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => resolve.mutate({ incident: data })}
            >
              Resolve
            </button>
          ) : null}
        </div>
      </header>

      <div className="detail-grid">
        <div className="detail-main">
          {data.description ? (
            <section aria-labelledby="description-title">
              <h2 id="description-title">Description</h2>
              <p className="description">{data.description}</p>
            </section>
          ) : null}
          <IncidentRunbooks incidentId={data.id} teamId={data.teamId} />
          <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">Timeline</h2>
            <NoteForm incidentId={data.id} />
            <Timeline incidentId={data.id} userNames={userNames} now={now} />
          </section>
          <section aria-labelledby="alerts-title">
            <h2 id="alerts-title">Alerts ({data.alertCount})</h2>
            <AlertList incidentId={data.id} now={now} />
          </section>
        </div>

        <aside className="detail-side" aria-label="Incident details">
          <dl className="facts">
            <dt>Service</dt>
            <dd>{data.service.name}</dd>
            <dt>Assignee</dt>
            <dd>{data.assignee ? data.assignee.name : 'Unassigned'}</dd>
            <dt>Opened</dt>
            <dd>
              <time dateTime={data.createdAt}>{formatDateTime(data.createdAt)}</time>
            </dd>
            {data.acknowledgedAt ? (
              <>
                <dt>Acknowledged</dt>
                <dd>
                  <time dateTime={data.acknowledgedAt}>{formatDateTime(data.acknowledgedAt)}</time>
                </dd>
              </>
            ) : null}
            {data.resolvedAt ? (
              <>
                <dt>Resolved</dt>
                <dd>
                  <time dateTime={data.resolvedAt}>{formatDateTime(data.resolvedAt)}</time>
                </dd>
              </>
            ) : null}
            {data.status === 'triggered' && data.nextEscalationAt ? (
              <>
                <dt>Next escalation</dt>
                <dd>
                  <time dateTime={data.nextEscalationAt}>
                    {formatRelative(data.nextEscalationAt, now)}
                  </time>
                </dd>
              </>
            ) : null}
            <dt>Dedup key</dt>
            <dd className="mono break">{data.dedupKey}</dd>
          </dl>
          {data.links.length ? (
            <section aria-labelledby="links-title">
              <h2 id="links-title">Links</h2>
              <ExternalLinks links={data.links} />
            </section>
          ) : null}
          <PriorityControl incident={data} />
          <ReassignControl incident={data} />
        </aside>
      </div>
    </main>
  );
}
