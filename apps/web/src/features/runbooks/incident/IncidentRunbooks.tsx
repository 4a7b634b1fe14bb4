import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.tsx';
import { useTRPC } from '../../../lib/trpc.ts';
import { useCurrentUser } from '../../auth/session-context.tsx';
import { ExecutionLive } from '../executions/ExecutionLive.tsx';
import { ExecutionTable } from '../executions/ExecutionTable.tsx';
import { useExecutionListUpdates } from '../executions/use-execution-updates.ts';
import { isFinished } from '../labels.ts';
import { canRunOnTeam } from '../runbook-access.ts';
import { RunRunbookPanel } from './RunRunbookPanel.tsx';

/** How often the list is re-read while a run on it is unfinished, in milliseconds. */
const LIST_REFETCH_MS = 10_000;

/**
 * Renders the incident page's runbook section: "Run runbook" for responders of the
 * incident's team, the live view of a run started here, and every run on the incident,
 * dry runs included.
 */
export function IncidentRunbooks({ incidentId, teamId }: { incidentId: string; teamId: string }) {
  const trpc = useTRPC();
  const user = useCurrentUser();
  const [choosing, setChoosing] = useState(false);
  const [startedId, setStartedId] = useState<string | null>(null);
  const runs = useQuery(
    trpc.runbooks.executions.forIncident.queryOptions(
      { incidentId },
      // Status events are best effort, so unfinished runs are also re-read now and then.
      {
        refetchInterval: (query) =>
          query.state.data?.some((run) => !isFinished(run.status)) ? LIST_REFETCH_MS : false,
      },
    ),
  );
  useExecutionListUpdates({ incidentId });
  const canRun = canRunOnTeam(user, teamId);

  return (
    <section aria-labelledby="runbooks-title" className="incident-runbooks">
      <div className="section-header">
        <h2 id="runbooks-title">Runbooks</h2>
        {canRun && !choosing ? (
          <button type="button" className="button" onClick={() => setChoosing(true)}>
            Run runbook
          </button>
        ) : null}
      </div>
      {choosing ? (
        <RunRunbookPanel
          incidentId={incidentId}
          onStarted={(executionId) => {
            setStartedId(executionId);
            setChoosing(false);
          }}
          onCancel={() => setChoosing(false)}
        />
      ) : null}
      {startedId ? (
        <div className="card">
          <ExecutionLive executionId={startedId} headingLevel={3} />
          <button type="button" className="button button-small" onClick={() => setStartedId(null)}>
            Close this view
          </button>
        </div>
      ) : null}

      {runs.isPending ? (
        <LoadingState label="Loading runbook runs…" />
      ) : runs.isError ? (
        <ErrorState error={runs.error} onRetry={() => runs.refetch()} />
      ) : runs.data.length === 0 ? (
        <EmptyState title="No runbook has run on this incident.">
          {canRun ? (
            <p>Approved runbooks of this team, and global ones, can be started from here.</p>
          ) : null}
        </EmptyState>
      ) : (
        <ExecutionTable
          executions={runs.data}
          show="runbook"
          caption="Runbook runs on this incident"
        />
      )}
    </section>
  );
}
