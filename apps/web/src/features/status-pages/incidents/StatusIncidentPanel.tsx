import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { InlineConfirm } from '../../../components/InlineConfirm.tsx';
import { ErrorState, InlineError, LoadingState } from '../../../components/States.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { useCurrentUser } from '../../auth/session-context.tsx';
import { useStatusPageContext } from '../page-context.ts';
import { StatusLabelBadge } from '../StatusLabelBadge.tsx';
import { COMPONENT_STATUS, IMPACT, INCIDENT_STATUS } from '../status-labels.ts';
import type { ComponentStatus } from '../types.ts';
import { IncidentDetailsForm } from './IncidentDetailsForm.tsx';
import { PENDING_UPDATE_PREFIX, UpdateForm } from './UpdateForm.tsx';

/** Shows one status incident with its components, internal links and updates, and the form for the next update. */
export function StatusIncidentPanel() {
  const { page, access } = useStatusPageContext();
  const { statusIncidentId = '' } = useParams();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const [editing, setEditing] = useState(false);
  const incident = useQuery(trpc.statusPages.incidents.get.queryOptions({ statusIncidentId }));
  const members = useQuery(trpc.teams.members.queryOptions({ teamId: page.teamId }));
  const authorNames = useMemo(
    () => new Map((members.data ?? []).map((member) => [member.id, member.name])),
    [members.data],
  );
  const authorName = (userId: string | null) => {
    if (userId === null) return 'a deleted user';
    if (userId === me.id) return 'you';
    return authorNames.get(userId) ?? 'someone outside the team';
  };
  const remove = useMutation(
    trpc.statusPages.incidents.delete.mutationOptions({
      onSuccess: () => {
        toast.show('success', 'Status incident removed from the page.');
        void queryClient.invalidateQueries(trpc.statusPages.pathFilter());
        navigate(`/status-pages/${page.id}/incidents`);
      },
    }),
  );
  const listPath = `/status-pages/${page.id}/incidents`;

  if (incident.isPending) return <LoadingState label="Loading the status incident…" />;
  if (incident.isError) {
    return (
      <>
        <p className="back-link">
          <Link to={listPath}>← All status incidents</Link>
        </p>
        <ErrorState
          error={incident.error}
          title="This status incident could not be loaded."
          onRetry={() => incident.refetch()}
        />
      </>
    );
  }

  const data = incident.data;
  const componentName = (componentId: string) =>
    page.components.find((component) => component.id === componentId)?.name ?? 'Deleted component';
  return (
    <section aria-labelledby="status-incident-title">
      <p className="back-link">
        <Link to={listPath}>← All status incidents</Link>
      </p>
      <header className="detail-header">
        <div className="detail-badges">
          <StatusLabelBadge label={INCIDENT_STATUS[data.status]} />
          <StatusLabelBadge label={IMPACT[data.impact]} />
        </div>
        <h2 id="status-incident-title" className="detail-title">
          {data.title}
        </h2>
        {access.canCommunicate ? (
          <div className="detail-actions">
            <button
              type="button"
              className="button"
              aria-expanded={editing}
              onClick={() => setEditing((value) => !value)}
            >
              Edit details
            </button>
            {access.canConfigure ? (
              <InlineConfirm
                label="Remove from page"
                question="Remove this incident and its updates from the page? Notices already sent stay sent."
                confirmLabel="Remove incident"
                tone="danger"
                disabled={remove.isPending}
                onConfirm={() => remove.mutate({ statusIncidentId: data.id })}
              />
            ) : null}
          </div>
        ) : null}
        <InlineError error={remove.error} />
      </header>
      {editing ? (
        <IncidentDetailsForm
          teamId={page.teamId}
          incident={data}
          onDone={() => setEditing(false)}
        />
      ) : null}

      <div className="detail-grid">
        <div className="detail-main">
          {access.canCommunicate ? <UpdateForm key={data.id} page={page} incident={data} /> : null}
          <h3>Updates</h3>
          <ol className="update-list" aria-label="Updates, newest first">
            {data.updates.map((update) => {
              const pending = update.id.startsWith(PENDING_UPDATE_PREFIX);
              return (
                <li key={update.id} className="update-item" aria-busy={pending || undefined}>
                  <div className="update-head">
                    <StatusLabelBadge label={INCIDENT_STATUS[update.status]} />
                    <time dateTime={update.createdAt}>{formatDateTime(update.createdAt)}</time>
                    <span className="muted small">
                      {pending ? 'Posting…' : `by ${authorName(update.createdBy)}`}
                    </span>
                  </div>
                  <p className="update-body">{update.body}</p>
                </li>
              );
            })}
          </ol>
        </div>
        <aside className="detail-side" aria-label="Status incident details">
          <h3>Affected components</h3>
          {data.components.length === 0 ? (
            <p className="muted small">None named; components follow their services.</p>
          ) : (
            <ul className="plain-list">
              {data.components.map((component) => (
                <li key={component.componentId}>
                  {componentName(component.componentId)}{' '}
                  {component.status in COMPONENT_STATUS ? (
                    <StatusLabelBadge
                      label={COMPONENT_STATUS[component.status as ComponentStatus]}
                    />
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <h3>Linked internal incidents</h3>
          {data.linkedIncidentIds.length === 0 ? (
            <p className="muted small">None.</p>
          ) : (
            <ul className="plain-list">
              {data.linkedIncidentIds.map((incidentId) => (
                <li key={incidentId}>
                  <LinkedIncident incidentId={incidentId} />
                </li>
              ))}
            </ul>
          )}
          <dl className="facts">
            <dt>Opened</dt>
            <dd>
              <time dateTime={data.createdAt}>{formatDateTime(data.createdAt)}</time>
            </dd>
            {data.resolvedAt ? (
              <>
                <dt>Resolved</dt>
                <dd>
                  <time dateTime={data.resolvedAt}>{formatDateTime(data.resolvedAt)}</time>
                </dd>
              </>
            ) : null}
          </dl>
        </aside>
      </div>
    </section>
  );
}

/** Renders a link to an internal incident with its number, title and status. */
function LinkedIncident({ incidentId }: { incidentId: string }) {
  const trpc = useTRPC();
  const incident = useQuery(
    trpc.incidents.get.queryOptions(incidentId ? { incidentId } : skipToken, { staleTime: 60_000 }),
  );
  if (!incident.data) {
    return (
      <Link to={`/incidents/${incidentId}`} className="mono small break">
        {incidentId}
      </Link>
    );
  }
  return (
    <>
      <Link to={`/incidents/${incidentId}`}>
        <span className="incident-number">#{incident.data.number}</span> {incident.data.title}
      </Link>{' '}
      <StatusBadge status={incident.data.status} />
    </>
  );
}
