export type SessionEndReason = 'expired' | 'logout';

type Listener = (reason: SessionEndReason) => void;

const listeners = new Set<Listener>();

/**
 * Announces that the session is no longer valid (an UNAUTHORIZED response, or the socket's
 * `session.ended`), so the app can send the person to sign in. Kept outside React because
 * the query cache reports errors outside any component.
 */
export const sessionExpiry = {
  announce(reason: SessionEndReason = 'expired') {
    for (const listener of listeners) listener(reason);
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
