import type { IncidentEventName, IncidentSummary } from '@pagefree/contracts';

/**
 * Broadcasts incident changes to live watchers (Socket.io rooms). Publishing is best effort
 * and never throws: watchers re-sync from the API after a reconnect, so a lost broadcast
 * costs freshness, never correctness, and must not fail the change that caused it.
 */
export interface IncidentEventPublisher {
  publish(name: IncidentEventName, incident: IncidentSummary): void;
}

export const noopIncidentEvents: IncidentEventPublisher = {
  publish: () => undefined,
};
