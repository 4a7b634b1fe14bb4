import type { IncidentSummary } from './incident.ts';

/** Namespace for live incident updates; clients join their teams' rooms on connect. */
export const INCIDENTS_NAMESPACE = '/incidents';

export type IncidentEventName =
  | 'incident.created'
  | 'incident.updated'
  | 'incident.acknowledged'
  | 'incident.resolved';

export interface IncidentEventPayload {
  incident: IncidentSummary;
  /** Server time of the change, ISO 8601; clients use it to drop stale updates. */
  at: string;
}

/**
 * A connection's budget of events it may send, with `rate_limit.warning` once it has used
 * 80% of a window and `rate_limit.exceeded` just before the server disconnects it for going
 * over. Events the server sends do not count.
 */
export interface SocketRateLimitPayload {
  /** Events a connection may send per window. */
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
  windowSeconds: number;
}

export interface SocketRateLimitEvents {
  'rate_limit.warning': (payload: SocketRateLimitPayload) => void;
  'rate_limit.exceeded': (payload: SocketRateLimitPayload) => void;
}

export interface IncidentsServerToClientEvents extends SocketRateLimitEvents {
  'incident.created': (payload: IncidentEventPayload) => void;
  'incident.updated': (payload: IncidentEventPayload) => void;
  'incident.acknowledged': (payload: IncidentEventPayload) => void;
  'incident.resolved': (payload: IncidentEventPayload) => void;
  /** The session ended or expired; the client should sign in again. */
  'session.ended': (payload: { reason: 'expired' | 'revoked' | 'logout' }) => void;
}

// Clients only listen on this namespace; they send nothing.
export type IncidentsClientToServerEvents = Record<string, never>;

/** Room that receives every team's incident events; platform admins join it. */
export const ALL_TEAMS_ROOM = 'all-teams';

/** The Socket.io room of a team's incidents. */
export function teamRoom(teamId: string): string {
  return `team:${teamId}`;
}
