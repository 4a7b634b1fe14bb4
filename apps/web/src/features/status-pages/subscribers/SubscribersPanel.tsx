import {
  type InfiniteData,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import { InlineConfirm } from '../../../components/InlineConfirm.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useTRPC, useTRPCClient } from '../../../lib/trpc.ts';
import { useStatusPageContext } from '../page-context.ts';
import { StatusLabelBadge } from '../StatusLabelBadge.tsx';
import { SUBSCRIBER_STATE } from '../status-labels.ts';
import type { Subscriber } from '../types.ts';

/** Subscribers loaded per request. A full page means there may be older ones. */
const SUBSCRIBER_PAGE_SIZE = 100;

/**
 * Email and webhook subscribers of the page, newest first, including pending and
 * unsubscribed ones. Team admins remove a subscriber (a bouncing address, a complaint).
 */
export function SubscribersPanel() {
  const { page, access } = useStatusPageContext();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  const queryKey = ['status-subscribers', page.id];
  const subscribers = useInfiniteQuery({
    queryKey,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      client.statusPages.subscribers.list.query({
        pageId: page.id,
        limit: SUBSCRIBER_PAGE_SIZE,
        before: pageParam,
      }),
    // NOTE: paging by `createdAt` skips a subscriber created in the same millisecond as the
    // last one of a full page, because the API takes no tie-breaker.
    getNextPageParam: (last) =>
      last.length === SUBSCRIBER_PAGE_SIZE ? last[last.length - 1]?.createdAt : undefined,
  });
  const remove = useMutation(
    trpc.statusPages.subscribers.remove.mutationOptions({
      onMutate: async ({ subscriberId }) => {
        await queryClient.cancelQueries({ queryKey });
        const previous = queryClient.getQueryData<InfiniteData<Subscriber[]>>(queryKey);
        const now = new Date().toISOString();
        queryClient.setQueryData<InfiniteData<Subscriber[]>>(queryKey, (old) =>
          old
            ? {
                ...old,
                pages: old.pages.map((rows) =>
                  rows.map((row) =>
                    row.id === subscriberId
                      ? { ...row, state: 'unsubscribed' as const, unsubscribedAt: now }
                      : row,
                  ),
                ),
              }
            : old,
        );
        return { previous };
      },
      onError: (_error, _input, context) => {
        if (context) queryClient.setQueryData(queryKey, context.previous);
      },
      onSuccess: () => toast.show('success', 'Subscriber removed; no further notices go to them.'),
      onSettled: () => queryClient.invalidateQueries({ queryKey }),
    }),
  );
  const rows = subscribers.data?.pages.flat() ?? [];
  const counts = { active: 0, pending: 0, unsubscribed: 0 };
  for (const row of rows) counts[row.state] += 1;
  const componentNames = (componentIds: string[]) =>
    componentIds.length === 0
      ? 'All components'
      : componentIds
          .map(
            (id) =>
              page.components.find((component) => component.id === id)?.name ?? 'Deleted component',
          )
          .join(', ');

  return (
    <section aria-labelledby="subscribers-title">
      <div className="section-header">
        <h2 id="subscribers-title">Subscribers</h2>
        {rows.length > 0 ? (
          <span className="muted small">
            {counts.active} active · {counts.pending} awaiting confirmation · {counts.unsubscribed}{' '}
            unsubscribed{subscribers.hasNextPage ? ' (loaded so far)' : ''}
          </span>
        ) : null}
      </div>
      {remove.error ? (
        <p className="inline-error" role="alert">
          The subscriber was not removed: {errorMessage(remove.error)}
        </p>
      ) : null}
      {subscribers.isPending ? (
        <LoadingState label="Loading subscribers…" />
      ) : subscribers.isError ? (
        <ErrorState error={subscribers.error} onRetry={() => subscribers.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No subscribers yet.">
          <p>
            {page.visibility === 'public'
              ? 'Visitors subscribe by email or webhook on the public page; email addresses confirm by a link first.'
              : 'Private pages take no subscriptions.'}
          </p>
        </EmptyState>
      ) : (
        <>
          <div className="table-scroll">
            <table className="table table-stack">
              <caption className="visually-hidden">Subscribers, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Subscriber</th>
                  <th scope="col">Components</th>
                  <th scope="col">State</th>
                  <th scope="col">Since</th>
                  {access.canConfigure ? (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {rows.map((subscriber) => {
                  const address = subscriber.email ?? subscriber.webhookUrl ?? 'Unknown address';
                  return (
                    <tr key={subscriber.id} data-subscriber-id={subscriber.id}>
                      <td data-label="Subscriber">
                        <div>
                          <span className="badge">
                            {subscriber.channel === 'email' ? 'Email' : 'Webhook'}
                          </span>{' '}
                          <span className="break">{address}</span>
                        </div>
                      </td>
                      <td data-label="Components">{componentNames(subscriber.componentIds)}</td>
                      <td data-label="State">
                        <div>
                          <StatusLabelBadge label={SUBSCRIBER_STATE[subscriber.state]} />
                        </div>
                      </td>
                      <td className="nowrap" data-label="Since">
                        <time dateTime={subscriber.createdAt}>
                          {formatDateTime(subscriber.createdAt)}
                        </time>
                      </td>
                      {access.canConfigure ? (
                        <td data-label="">
                          {subscriber.state === 'unsubscribed' ? null : (
                            <div className="actions-compact">
                              <InlineConfirm
                                label="Remove"
                                question="Remove this subscriber? They get no further notices."
                                confirmLabel="Remove subscriber"
                                tone="danger"
                                disabled={remove.isPending}
                                onConfirm={() => remove.mutate({ subscriberId: subscriber.id })}
                              />
                            </div>
                          )}
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {subscribers.hasNextPage ? (
            <button
              type="button"
              className="button load-more"
              onClick={() => subscribers.fetchNextPage()}
              disabled={subscribers.isFetchingNextPage}
            >
              {subscribers.isFetchingNextPage ? 'Loading…' : 'Load older subscribers'}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
