import type { IncidentEventName, IncidentEventPayload } from '@pagefree/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { sessionExpiry } from '../../lib/session-expiry.ts';
import { connectIncidentsSocket } from '../../lib/socket.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { describeIncidentEvent, patchIncidentLists } from './apply-incident-event.ts';
import { type LiveStatus, LiveStatusContext } from './live-status.ts';

const INCIDENT_EVENTS: IncidentEventName[] = [
  'incident.created',
  'incident.updated',
  'incident.acknowledged',
  'incident.resolved',
];

/** Delay before refetching lists after a burst of events, in milliseconds. */
const REFETCH_DELAY_MS = 300;

/** Delay before reconnecting after the server closed the socket, in milliseconds. */
const SERVER_DISCONNECT_RETRY_MS = 2_000;

/**
 * Keeps incident queries current from the `/incidents` socket. Each event patches cached
 * lists and the incident's detail at once, then lists are refetched, so sorting and filters
 * stay right. Every (re)connect refetches all incident queries, because events sent while
 * the socket was down are not replayed.
 */
export function LiveIncidentsProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    const socket = connectIncidentsSocket();
    const lastSeen = new Map<string, string>();
    let refetchTimer: ReturnType<typeof setTimeout> | undefined;
    let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
    let sessionEnded = false;

    const refetchLists = () => {
      clearTimeout(refetchTimer);
      refetchTimer = setTimeout(() => {
        void queryClient.invalidateQueries(trpc.incidents.list.pathFilter());
      }, REFETCH_DELAY_MS);
    };

    const onIncidentEvent = (name: IncidentEventName, payload: IncidentEventPayload) => {
      const { incident } = payload;
      const previous = lastSeen.get(incident.id);
      if (previous && previous > payload.at) return;
      lastSeen.set(incident.id, payload.at);

      patchIncidentLists(queryClient, trpc.incidents.list.pathFilter(), incident);
      queryClient.setQueryData(trpc.incidents.get.queryKey({ incidentId: incident.id }), (old) =>
        old ? { ...old, ...incident } : old,
      );
      void queryClient.invalidateQueries(
        trpc.incidents.timeline.queryFilter({ incidentId: incident.id }),
      );
      void queryClient.invalidateQueries(trpc.incidents.alerts.pathFilter());
      refetchLists();

      // Announced to screen readers only: the row itself appears on screen, and a toast
      // per alert storm would cover the buttons people need.
      setAnnouncement(describeIncidentEvent(name, incident));
    };

    socket.on('connect', () => {
      setStatus('live');
      void queryClient.invalidateQueries(trpc.incidents.pathFilter());
    });
    socket.on('disconnect', (reason) => {
      setStatus('reconnecting');
      // Socket.io does not reconnect by itself after the server disconnected the socket.
      // Unless the session ended, the server had another reason, so connect again.
      if (reason === 'io server disconnect' && !sessionEnded) {
        reconnectTimer = setTimeout(() => socket.connect(), SERVER_DISCONNECT_RETRY_MS);
      }
    });
    socket.on('connect_error', (error) => {
      // The server refuses the handshake with `unauthorized` once the session has ended,
      // and Socket.io does not retry refusals, so the person has to sign in again.
      if (error.message === 'unauthorized') sessionExpiry.announce('expired');
      setStatus((current) => (current === 'connecting' ? 'connecting' : 'reconnecting'));
    });
    socket.on('session.ended', ({ reason }) => {
      sessionEnded = true;
      sessionExpiry.announce(reason === 'logout' ? 'logout' : 'expired');
    });
    for (const name of INCIDENT_EVENTS) {
      socket.on(name, (payload) => onIncidentEvent(name, payload));
    }

    // The service worker reports incidents acknowledged from a notification.
    const onWorkerMessage = (event: MessageEvent) => {
      if ((event.data as { type?: string } | null)?.type === 'incident.changed') {
        void queryClient.invalidateQueries(trpc.incidents.pathFilter());
      }
    };
    navigator.serviceWorker?.addEventListener('message', onWorkerMessage);

    return () => {
      clearTimeout(refetchTimer);
      clearTimeout(reconnectTimer);
      navigator.serviceWorker?.removeEventListener('message', onWorkerMessage);
      socket.disconnect();
    };
  }, [queryClient, trpc]);

  return (
    <LiveStatusContext.Provider value={status}>
      {children}
      <div className="visually-hidden" aria-live="polite">
        {announcement}
      </div>
    </LiveStatusContext.Provider>
  );
}
