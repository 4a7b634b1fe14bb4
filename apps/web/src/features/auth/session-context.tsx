import { createContext, type ReactNode, useContext } from 'react';
import type { SessionUser } from './use-session.ts';

const SessionContext = createContext<SessionUser | null>(null);

export function SessionProvider({ user, children }: { user: SessionUser; children: ReactNode }) {
  return <SessionContext.Provider value={user}>{children}</SessionContext.Provider>;
}

/** Returns the signed-in user; only for components rendered below RequireSession. */
export function useCurrentUser(): SessionUser {
  const user = useContext(SessionContext);
  if (!user) throw new Error('useCurrentUser must be used below RequireSession');
  return user;
}
