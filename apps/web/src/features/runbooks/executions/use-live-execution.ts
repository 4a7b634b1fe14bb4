import type {
  ExecutionFinishedEvent,
  ExecutionLogEvent,
  ExecutionStatusEvent,
} from '@pagefree/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { sessionExpiry } from '../../../lib/session-expiry.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import type { LiveStatus } from '../../live/live-status.ts';
import { isFinished } from '../labels.ts';
import { acquireRunbooksSocket, releaseWatch, retainWatch } from '../runbooks-socket.ts';
import {
  applyFinishedEvent,
  applyStatusEvent,
  type ExecutionDetail,
  mergeExecution,
  mergeLogLines,
} from './execution-merge.ts';

/** How long the server may take to acknowledge `execution.watch`, in milliseconds. */
const WATCH_TIMEOUT_MS = 10_000;

/** How often an unfinished run is re-read even while the socket is connected, in milliseconds. */
const FALLBACK_REFETCH_MS = 5_000;

/** Delay before reconnecting after the server closed the socket, in milliseconds. */
const SERVER_DISCONNECT_RETRY_MS = 2_000;

/**
 * Loads one execution with `runbooks.executions.get` and keeps it current from the
 * `/runbooks` socket: status changes, each log line as it arrives, and the result. Every
 * reconnect watches again and re-fetches the execution, because events sent while the
 * socket was down are not replayed.
 */
export function useLiveExecution(executionId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [connection, setConnection] = useState<LiveStatus>('connecting');
  const [watchError, setWatchError] = useState<string | null>(null);
  const execution = useQuery(
    trpc.runbooks.executions.get.queryOptions(
      { executionId },
      {
        structuralSharing: (current, read) =>
          mergeExecution(current as ExecutionDetail | undefined, read as ExecutionDetail),
        // Publishing is best effort, so an unfinished run is also re-read now and then in
        // case an event was lost while the socket stayed connected.
        refetchInterval: (query) =>
          query.state.data && isFinished(query.state.data.status) ? false : FALLBACK_REFETCH_MS,
      },
    ),
  );

  useEffect(() => {
    const queryKey = trpc.runbooks.executions.get.queryKey({ executionId });
    const update = (change: (current: ExecutionDetail) => ExecutionDetail) =>
      queryClient.setQueryData(queryKey, (current) => (current ? change(current) : current));
    const { socket, release } = acquireRunbooksSocket();
    retainWatch(executionId);
    let connectedBefore = false;
    let reconnectTimer: ReturnType<typeof setTimeout> | undefined;

    async function watch() {
      try {
        const response = await socket
          .timeout(WATCH_TIMEOUT_MS)
          .emitWithAck('execution.watch', { executionId });
        if (!response.ok) {
          setWatchError(response.error);
          return;
        }
        setWatchError(null);
        queryClient.setQueryData(queryKey, (current) =>
          mergeExecution(current, response.execution),
        );
      } catch {
        setWatchError('The server did not confirm live updates for this run; reload the page.');
      }
    }

    const onConnect = () => {
      setConnection('live');
      if (connectedBefore) void queryClient.invalidateQueries({ queryKey });
      connectedBefore = true;
      void watch();
    };
    const onDisconnect = (reason: string) => {
      setConnection('reconnecting');
      // Socket.io does not reconnect by itself after the server closed the socket.
      if (reason === 'io server disconnect') {
        reconnectTimer = setTimeout(() => socket.connect(), SERVER_DISCONNECT_RETRY_MS);
      }
    };
    const onConnectError = (error: Error) => {
      if (error.message === 'unauthorized') sessionExpiry.announce('expired');
      setConnection((current) => (current === 'connecting' ? 'connecting' : 'reconnecting'));
    };

    const onStatus = (event: ExecutionStatusEvent) => {
      if (event.executionId === executionId) update((current) => applyStatusEvent(current, event));
    };
    const onLog = (event: ExecutionLogEvent) => {
      if (event.executionId !== executionId) return;
      update((current) => ({ ...current, logs: mergeLogLines(current.logs, event.lines) }));
    };
    const onFinished = (event: ExecutionFinishedEvent) => {
      if (event.executionId !== executionId) return;
      update((current) => applyFinishedEvent(current, event));
      // The stored row adds what the event lacks: duration, CPU time, output size.
      void queryClient.invalidateQueries({ queryKey });
    };

    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onConnectError);
    socket.on('execution.queued', onStatus);
    socket.on('execution.running', onStatus);
    socket.on('execution.log', onLog);
    socket.on('execution.finished', onFinished);
    if (socket.connected) onConnect();

    return () => {
      clearTimeout(reconnectTimer);
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onConnectError);
      socket.off('execution.queued', onStatus);
      socket.off('execution.running', onStatus);
      socket.off('execution.log', onLog);
      socket.off('execution.finished', onFinished);
      if (releaseWatch(executionId) && socket.connected) {
        socket.emit('execution.unwatch', { executionId });
      }
      release();
    };
  }, [executionId, queryClient, trpc]);

  return { execution, connection, watchError };
}
