import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.tsx';
import { formatDateTime, formatRelative } from '../../../lib/format.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { useNow } from '../../../lib/use-now.ts';
import { useCurrentUser } from '../../auth/session-context.tsx';
import { isPlatformAdmin } from '../../auth/use-session.ts';
import { useDirectory } from '../use-directory.ts';
import { VersionDecisions } from './VersionDecisions.tsx';

/**
 * The approval queue: each runbook's newest version while it is a draft, oldest first.
 * Platform admins review the changes against the approved version, then approve or
 * deprecate.
 */
export function ApprovalsPanel() {
  const user = useCurrentUser();
  if (!isPlatformAdmin(user)) {
    return (
      <EmptyState title="Only platform admins approve runbooks.">
        <p>Drafts you write wait here until a platform admin approves them.</p>
      </EmptyState>
    );
  }
  return <ApprovalQueue />;
}

function ApprovalQueue() {
  const trpc = useTRPC();
  const now = useNow();
  const { ownerLabel, userLabel } = useDirectory();
  const pending = useQuery(trpc.runbooks.pendingApprovals.queryOptions());

  if (pending.isPending) return <LoadingState label="Loading drafts waiting for approval…" />;
  if (pending.isError) {
    return <ErrorState error={pending.error} onRetry={() => pending.refetch()} />;
  }
  if (pending.data.length === 0) {
    return (
      <EmptyState title="No draft is waiting for approval.">
        <p>New drafts appear here when a team admin saves a runbook.</p>
      </EmptyState>
    );
  }

  return (
    <section aria-labelledby="approvals-title">
      <h2 id="approvals-title" className="visually-hidden">
        Drafts waiting for approval
      </h2>
      <ul className="item-list" aria-label="Drafts waiting for approval">
        {pending.data.map((draft) => {
          // With an approved version the reviewer reads the diff; otherwise the whole script.
          const review = draft.approvedVersionId
            ? `/runbooks/${draft.runbookId}/versions?from=${draft.approvedVersionId}&to=${draft.id}`
            : `/runbooks/${draft.runbookId}?version=${draft.id}`;
          return (
            <li key={draft.id} className="item item-stacked">
              <div className="item-row">
                <div>
                  <Link className="row-title" to={`/runbooks/${draft.runbookId}`}>
                    {draft.name}
                  </Link>
                  <div className="row-meta">
                    <span>Version {draft.version}</span>
                    <span>{ownerLabel(draft.teamId)}</span>
                    <span>
                      Saved by {userLabel(draft.createdBy)}{' '}
                      <time dateTime={draft.createdAt} title={formatDateTime(draft.createdAt)}>
                        {formatRelative(draft.createdAt, now)}
                      </time>
                    </span>
                  </div>
                  <p className="small">
                    {draft.changeNote ? `“${draft.changeNote}”` : 'No change note.'}
                  </p>
                </div>
                <div className="item-actions decision-actions">
                  <Link className="button button-small" to={review}>
                    {draft.approvedVersionId ? 'Review changes' : 'Review script'}
                  </Link>
                  <VersionDecisions target={{ ...draft, status: 'DRAFT' }} approvedVersion={null} />
                </div>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
