import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { InlineConfirm } from '../../../components/InlineConfirm.tsx';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../components/States.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { formatDateTime, formatRelative } from '../../../lib/format.ts';
import { type RouterOutputs, useTRPC } from '../../../lib/trpc.ts';
import { useNow } from '../../../lib/use-now.ts';
import { useCurrentUser } from '../../auth/session-context.tsx';
import { isPlatformAdmin } from '../../auth/use-session.ts';
import { useDirectory } from '../use-directory.ts';

type DeadLetter = RouterOutputs['runbooks']['deadLetters']['list'][number];

/**
 * Runs that failed every retry. A platform admin inspects the failed run and re-runs it
 * once, with the version approved now and the same incident and parameters.
 */
export function DeadLettersPanel() {
  const user = useCurrentUser();
  if (!isPlatformAdmin(user)) {
    return <EmptyState title="Only platform admins see dead letters." />;
  }
  return <DeadLetters />;
}

function DeadLetters() {
  const trpc = useTRPC();
  const [includeRerun, setIncludeRerun] = useState(false);
  const letters = useQuery(trpc.runbooks.deadLetters.list.queryOptions({ includeRerun }));

  return (
    <section aria-labelledby="dead-letters-title">
      <div className="section-header">
        <h2 id="dead-letters-title">Dead letters</h2>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={includeRerun}
            onChange={(event) => setIncludeRerun(event.target.checked)}
          />
          Include those already re-run
        </label>
      </div>
      {letters.isPending ? (
        <LoadingState label="Loading dead letters…" />
      ) : letters.isError ? (
        <ErrorState error={letters.error} onRetry={() => letters.refetch()} />
      ) : letters.data.length === 0 ? (
        <EmptyState title="No dead letters.">
          <p>A run lands here when it failed its first attempt and both retries.</p>
        </EmptyState>
      ) : (
        <ul className="item-list" aria-label="Dead letters">
          {letters.data.map((letter) => (
            <li key={letter.id} className="item item-stacked">
              <DeadLetterRow letter={letter} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DeadLetterRow({ letter }: { letter: DeadLetter }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const now = useNow();
  const { ownerLabel, userLabel } = useDirectory();
  const rerun = useMutation(
    trpc.runbooks.deadLetters.rerun.mutationOptions({
      onSuccess: (execution) =>
        toast.show('success', `${execution.runbookName} v${execution.version} is queued again.`),
      onSettled: () => queryClient.invalidateQueries(trpc.runbooks.deadLetters.pathFilter()),
    }),
  );

  return (
    <>
      <div className="item-row">
        <div>
          <Link className="row-title" to={`/runbooks/${letter.runbookId}`}>
            {letter.runbookName}
          </Link>
          <div className="row-meta">
            <span>{ownerLabel(letter.teamId)}</span>
            <span>
              {letter.attempts} attempt{letter.attempts === 1 ? '' : 's'}
            </span>
            <time dateTime={letter.createdAt} title={formatDateTime(letter.createdAt)}>
              {formatRelative(letter.createdAt, now)}
            </time>
          </div>
          <p className="small break">
            <strong>{letter.reason}</strong> {letter.message}
          </p>
          <div className="link-list small">
            <Link to={`/runbooks/executions/${letter.executionId}`}>Failed run</Link>
            <Link to={`/incidents/${letter.incidentId}`}>Incident</Link>
            {letter.rerun?.executionId ? (
              <Link to={`/runbooks/executions/${letter.rerun.executionId}`}>
                Re-run by {userLabel(letter.rerun.by)}
              </Link>
            ) : null}
          </div>
        </div>
        <div className="item-actions">
          {letter.rerun ? (
            <span className="badge badge-off">Re-run {formatRelative(letter.rerun.at, now)}</span>
          ) : (
            <InlineConfirm
              label="Re-run"
              question="Queue it again with the version approved now?"
              confirmLabel="Re-run"
              disabled={rerun.isPending}
              onConfirm={() => rerun.mutate({ deadLetterId: letter.id })}
            />
          )}
        </div>
      </div>
      <InlineError error={rerun.error} />
    </>
  );
}
