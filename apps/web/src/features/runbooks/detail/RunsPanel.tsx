import { useInfiniteQuery } from '@tanstack/react-query';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.tsx';
import { useTRPCClient } from '../../../lib/trpc.ts';
import { ExecutionTable } from '../executions/ExecutionTable.tsx';
import { useExecutionListUpdates } from '../executions/use-execution-updates.ts';
import { DryRunForm } from './DryRunForm.tsx';
import { useRunbookContext } from './runbook-context.ts';

/** Runs of one page of the runbook's history. */
const PAGE_SIZE = 25;

/** Lists the runbook's runs on every incident the user can see, below the dry run form for editors. */
export function RunsPanel() {
  const { runbook, canEdit } = useRunbookContext();
  const client = useTRPCClient();
  useExecutionListUpdates({ runbookId: runbook.id });
  const runs = useInfiniteQuery({
    // Under the procedure's path, so invalidating `executions.forRunbook` refetches it.
    queryKey: [['runbooks', 'executions', 'forRunbook'], { runbookId: runbook.id, paged: true }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      client.runbooks.executions.forRunbook.query({
        runbookId: runbook.id,
        limit: PAGE_SIZE,
        before: pageParam,
      }),
    getNextPageParam: (page) => page.nextBefore ?? undefined,
  });
  const rows = runs.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section aria-labelledby="runs-title">
      {canEdit ? <DryRunForm runbook={runbook} /> : null}
      <h2 id="runs-title">Run history</h2>
      {runs.isPending ? (
        <LoadingState label="Loading runs…" />
      ) : runs.isError ? (
        <ErrorState error={runs.error} onRetry={() => runs.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="This runbook has not run yet.">
          <p>Runs started from incidents, by rules and as dry runs appear here.</p>
        </EmptyState>
      ) : (
        <>
          <ExecutionTable executions={rows} show="incident" caption={`Runs of ${runbook.name}`} />
          {runs.hasNextPage ? (
            <button
              type="button"
              className="button load-more"
              onClick={() => runs.fetchNextPage()}
              disabled={runs.isFetchingNextPage}
            >
              {runs.isFetchingNextPage ? 'Loading…' : 'Load older runs'}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
