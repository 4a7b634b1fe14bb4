import { useQuery } from '@tanstack/react-query';
import { Link, NavLink, Outlet, useParams } from 'react-router';
import { ErrorState, LoadingState } from '../../../components/States.tsx';
import { useTRPC } from '../../../lib/trpc.ts';
import { useCurrentUser } from '../../auth/session-context.tsx';
import { useCircuitUpdates } from '../executions/use-execution-updates.ts';
import { VersionStatusBadge } from '../RunbookBadges.tsx';
import { CircuitNotice } from '../rules/CircuitNotice.tsx';
import { canEditRunbooks } from '../runbook-access.ts';
import { useDirectory } from '../use-directory.ts';
import type { RunbookContext } from './runbook-context.ts';

/** One runbook: its script and settings, version history with diffs, and its runs. */
export function RunbookDetailPage() {
  const { runbookId = '' } = useParams();
  const trpc = useTRPC();
  const user = useCurrentUser();
  const { ownerLabel } = useDirectory();
  const runbook = useQuery(trpc.runbooks.get.queryOptions({ runbookId }));
  useCircuitUpdates(runbook.data?.teamId ?? null);

  if (runbook.isPending) {
    return (
      <main className="page" id="main">
        <LoadingState label="Loading the runbook…" />
      </main>
    );
  }
  if (runbook.isError) {
    return (
      <main className="page" id="main">
        <p className="back-link">
          <Link to="/runbooks">← Runbooks</Link>
        </p>
        <ErrorState
          error={runbook.error}
          title="This runbook could not be loaded."
          onRetry={() => runbook.refetch()}
        />
      </main>
    );
  }

  const data = runbook.data;
  const context: RunbookContext = { runbook: data, canEdit: canEditRunbooks(user, data.teamId) };
  return (
    <main className="page" id="main">
      <p className="back-link">
        <Link to="/runbooks">← Runbooks</Link>
      </p>
      <header className="detail-header">
        <div className="detail-badges">
          <span className="badge">{ownerLabel(data.teamId)}</span>
          <VersionStatusBadge
            status={data.latestVersion.status}
            version={data.latestVersion.version}
          />
          {data.approvedVersion && data.approvedVersion.id !== data.latestVersion.id ? (
            <span className="badge badge-on">
              <span className="badge-icon" aria-hidden="true">
                ✓
              </span>
              v{data.approvedVersion.version} runs
            </span>
          ) : null}
          {data.approvedVersion ? null : (
            <span className="badge badge-off">Nothing approved yet</span>
          )}
        </div>
        <h1>{data.name}</h1>
        {data.description ? <p className="description-short">{data.description}</p> : null}
      </header>
      {data.teamId ? <CircuitNotice teamId={data.teamId} /> : null}
      <nav className="tabs" aria-label="Runbook sections">
        <NavLink to={`/runbooks/${data.id}`} end>
          Script and settings
        </NavLink>
        <NavLink to={`/runbooks/${data.id}/versions`}>Versions ({data.versions.length})</NavLink>
        <NavLink to={`/runbooks/${data.id}/runs`}>Runs and dry runs</NavLink>
      </nav>
      <Outlet context={context} />
    </main>
  );
}
