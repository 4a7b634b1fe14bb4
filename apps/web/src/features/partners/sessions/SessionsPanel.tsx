import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { InlineConfirm } from '../../../components/InlineConfirm.tsx';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../components/States.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { formatDateTime, formatRelative } from '../../../lib/format.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import {
  type PartnerSession,
  SESSION_END_LABELS,
  STATE_BADGES,
  shortUserAgent,
} from '../partner-labels.ts';

/** Partner browser sessions on the status site, newest first; admins can end one at once. */
export function SessionsPanel() {
  const trpc = useTRPC();
  const [activeOnly, setActiveOnly] = useState(true);
  const sessions = useQuery(trpc.partners.sessions.list.queryOptions({ activeOnly, limit: 200 }));

  return (
    <section aria-labelledby="sessions-title">
      <div className="section-header">
        <h2 id="sessions-title">Sessions</h2>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={activeOnly}
            onChange={(event) => setActiveOnly(event.target.checked)}
          />
          Active sessions only
        </label>
      </div>
      <p className="muted small">
        A partner session starts with a sign-in link and lasts 24 hours. It ends when the partner
        signs out or signs in again, and when their access is revoked or they are deactivated.
      </p>
      {sessions.isPending ? (
        <LoadingState label="Loading sessions…" />
      ) : sessions.isError ? (
        <ErrorState error={sessions.error} onRetry={() => sessions.refetch()} />
      ) : sessions.data.length === 0 ? (
        <EmptyState title={activeOnly ? 'No partner is signed in.' : 'No partner sessions yet.'} />
      ) : (
        <div className="table-scroll">
          <table className="table table-stack">
            <caption className="visually-hidden">Partner sessions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Partner</th>
                <th scope="col">Page</th>
                <th scope="col">Signed in</th>
                <th scope="col">Last seen</th>
                <th scope="col">From</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.map((session) => (
                <SessionRow key={session.id} session={session} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function SessionRow({ session }: { session: PartnerSession }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const end = useMutation(
    trpc.partners.sessions.end.mutationOptions({
      onSuccess: () =>
        toast.show('success', `${session.partnerName} is signed out of /${session.pageSlug}.`),
      onSettled: () => queryClient.invalidateQueries(trpc.partners.pathFilter()),
    }),
  );
  const badge = STATE_BADGES[session.state]!;
  return (
    <tr>
      <td data-label="Partner">
        <div>
          <strong>{session.partnerName}</strong>
          <div className="muted small break">{session.partnerEmail}</div>
        </div>
      </td>
      <td data-label="Page">/{session.pageSlug}</td>
      <td className="nowrap" data-label="Signed in">
        <div>
          <time dateTime={session.createdAt}>{formatDateTime(session.createdAt)}</time>
          <div className="muted small">until {formatDateTime(session.expiresAt)}</div>
        </div>
      </td>
      <td data-label="Last seen">
        <time dateTime={session.lastSeenAt} title={formatDateTime(session.lastSeenAt)}>
          {formatRelative(session.lastSeenAt)}
        </time>
      </td>
      <td data-label="From">
        <div>
          <span className="mono small">{session.ip ?? '—'}</span>
          <div className="muted small" title={session.userAgent ?? undefined}>
            {shortUserAgent(session.userAgent)}
          </div>
        </div>
      </td>
      <td data-label="State">
        <div>
          <span className={badge.className}>{badge.label}</span>
          {session.endReason ? (
            <div className="muted small">
              {SESSION_END_LABELS[session.endReason] ?? session.endReason}
            </div>
          ) : null}
        </div>
      </td>
      <td data-label="Actions">
        <div>
          {session.state === 'active' ? (
            <InlineConfirm
              label="End session"
              question="The browser is signed out on its next request."
              confirmLabel="End session"
              tone="danger"
              disabled={end.isPending}
              onConfirm={() => end.mutate({ sessionId: session.id })}
            />
          ) : null}
          <InlineError error={end.error} />
        </div>
      </td>
    </tr>
  );
}
