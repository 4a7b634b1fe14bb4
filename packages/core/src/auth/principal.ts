import type { ActorType, PlatformRole } from '@pagefree/db';

/** Scopes an API key can carry. A session carries all of them. */
export const API_SCOPES = [
  'incidents:read',
  'incidents:write',
  'config:read',
  'config:write',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/**
 * An authenticated internal user, signed in with a session cookie or acting through one of
 * their API keys. Partners never produce a Principal: they are validated only by the status
 * site. An `ack_token` principal exists only inside the push Acknowledge action: the signed
 * token names one incident, and only that route builds such a principal.
 */
export interface Principal {
  userId: string;
  platformRole: PlatformRole;
  via:
    | { kind: 'session'; sessionId: string }
    | { kind: 'api_key'; apiKeyId: string; scopes: ApiScope[] }
    | { kind: 'ack_token'; incidentId: string };
}

/** Who performed a change, as written to audit events and incident timelines. */
export interface ActorRef {
  type: ActorType;
  id: string | null;
  ip: string | null;
}

export function actorOf(principal: Principal, ip: string | null): ActorRef {
  if (principal.via.kind === 'api_key') {
    return { type: 'api_key', id: principal.via.apiKeyId, ip };
  }
  return { type: 'user', id: principal.userId, ip };
}

export const SYSTEM_ACTOR: ActorRef = { type: 'system', id: null, ip: null };
