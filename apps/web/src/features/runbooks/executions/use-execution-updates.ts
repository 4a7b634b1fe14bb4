import type { ExecutionStatusEvent } from '@pagefree/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTRPC } from '../../../lib/trpc.ts';
import { acquireRunbooksSocket } from '../runbooks-socket.ts';

/** Delay before refetching after a burst of status events, in milliseconds. */
const REFETCH_DELAY_MS = 300;

/**
 * Refetches execution lists when a run of the incident or runbook changes status. Status
 * events reach every member of the run's team on `/runbooks`, without watching each run,
 * and a reconnect refetches because events sent meanwhile are not replayed.
 */
export function useExecutionListUpdates(scope: { incidentId?: string; runbookId?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { incidentId, runbookId } = scope;

  useEffect(() => {
    const { socket, release } = acquireRunbooksSocket();
    let timer: ReturnType<typeof setTimeout> | undefined;

    const refetch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (incidentId) {
          void queryClient.invalidateQueries(
            trpc.runbooks.executions.forIncident.queryFilter({ incidentId }),
          );
        }
        if (runbookId) {
          void queryClient.invalidateQueries(trpc.runbooks.executions.forRunbook.pathFilter());
        }
      }, REFETCH_DELAY_MS);
    };
    const onStatus = (event: ExecutionStatusEvent) => {
      if (event.incidentId === incidentId || event.runbookId === runbookId) refetch();
    };

    socket.on('connect', refetch);
    socket.on('execution.queued', onStatus);
    socket.on('execution.running', onStatus);
    socket.on('execution.finished', onStatus);
    return () => {
      clearTimeout(timer);
      socket.off('connect', refetch);
      socket.off('execution.queued', onStatus);
      socket.off('execution.running', onStatus);
      socket.off('execution.finished', onStatus);
      release();
    };
  }, [incidentId, runbookId, queryClient, trpc]);
}

/** Refetches the team's circuit breaker state when the server announces a change. */
export function useCircuitUpdates(teamId: string | null) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!teamId) return;
    const { socket, release } = acquireRunbooksSocket();
    const onCircuit = (event: { teamId: string }) => {
      if (event.teamId === teamId) {
        void queryClient.invalidateQueries(trpc.runbooks.circuit.queryFilter({ teamId }));
      }
    };
    socket.on('circuit.changed', onCircuit);
    return () => {
      socket.off('circuit.changed', onCircuit);
      release();
    };
  }, [teamId, queryClient, trpc]);
}
