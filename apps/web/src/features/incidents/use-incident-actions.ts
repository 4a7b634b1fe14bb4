import type { IncidentSummary } from '@pagefree/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useToast } from '../../components/Toasts.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { useTRPC, useTRPCClient } from '../../lib/trpc.ts';
import { restoreSnapshot, updateIncidentsInLists, withStatus } from './incident-cache.ts';

export type Transition = 'acknowledge' | 'resolve';

const TARGET_STATUS = { acknowledge: 'acknowledged', resolve: 'resolved' } as const;
const PAST_TENSE = { acknowledge: 'Acknowledged', resolve: 'Resolved' } as const;

/**
 * Acknowledges or resolves one incident optimistically. Lists and the detail page show the
 * new status at once, and a failure restores the previous state and shows the server's reason.
 */
export function useIncidentTransition(transition: Transition) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const toast = useToast();

  return useMutation({
    mutationKey: ['incident-transition', transition],
    mutationFn: ({ incident }: { incident: IncidentSummary }) =>
      transition === 'acknowledge'
        ? client.incidents.acknowledge.mutate({ incidentId: incident.id })
        : client.incidents.resolve.mutate({ incidentId: incident.id }),
    onMutate: async ({ incident }) => {
      const detailKey = trpc.incidents.get.queryKey({ incidentId: incident.id });
      await queryClient.cancelQueries(trpc.incidents.list.pathFilter());
      await queryClient.cancelQueries({ queryKey: detailKey });

      const now = new Date().toISOString();
      const lists = updateIncidentsInLists(
        queryClient,
        trpc.incidents.list.pathFilter(),
        [incident.id],
        (cached) => withStatus(cached, TARGET_STATUS[transition], now),
      );
      const detail = queryClient.getQueryData(detailKey);
      queryClient.setQueryData(detailKey, (old) =>
        old ? { ...old, ...withStatus(old, TARGET_STATUS[transition], now) } : old,
      );
      return { lists, detail };
    },
    onError: (error, { incident }, context) => {
      if (context) {
        restoreSnapshot(queryClient, context.lists);
        queryClient.setQueryData(
          trpc.incidents.get.queryKey({ incidentId: incident.id }),
          context.detail,
        );
      }
      toast.show(
        'error',
        `#${incident.number} was not ${TARGET_STATUS[transition]}: ${errorMessage(error)}`,
      );
    },
    onSuccess: (updated) => {
      toast.show('success', `${PAST_TENSE[transition]} #${updated.number}.`);
    },
    onSettled: (_data, _error, { incident }) => {
      void queryClient.invalidateQueries(trpc.incidents.list.pathFilter());
      void queryClient.invalidateQueries(
        trpc.incidents.get.queryFilter({ incidentId: incident.id }),
      );
      void queryClient.invalidateQueries(
        trpc.incidents.timeline.queryFilter({ incidentId: incident.id }),
      );
    },
  });
}

/**
 * Acknowledges many incidents in one request. The server reports each incident on its own,
 * so the ones that failed (already acknowledged by someone else, say) are named, and the
 * rest still count.
 */
export function useBulkAcknowledge(onDone: () => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();

  return useMutation(
    trpc.incidents.acknowledgeMany.mutationOptions({
      onMutate: async ({ incidentIds }) => {
        await queryClient.cancelQueries(trpc.incidents.list.pathFilter());
        const now = new Date().toISOString();
        const lists = updateIncidentsInLists(
          queryClient,
          trpc.incidents.list.pathFilter(),
          incidentIds,
          (cached) => withStatus(cached, 'acknowledged', now),
        );
        return { lists };
      },
      onError: (error, _input, context) => {
        if (context) restoreSnapshot(queryClient, context.lists);
        toast.show('error', `Nothing was acknowledged: ${errorMessage(error)}`);
      },
      onSuccess: (results) => {
        const acknowledged = results.filter((result) => result.ok).length;
        const failures = results.filter((result) => !result.ok);
        if (acknowledged > 0) {
          toast.show(
            'success',
            `Acknowledged ${acknowledged} incident${acknowledged === 1 ? '' : 's'}.`,
          );
        }
        if (failures.length > 0) {
          const reasons = failures
            .map((failure) => ('error' in failure ? failure.error : ''))
            .join(' ');
          toast.show('error', `${failures.length} not acknowledged: ${reasons}`);
        }
        onDone();
      },
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.incidents.pathFilter());
      },
    }),
  );
}
