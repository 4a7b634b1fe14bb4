import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ErrorState, LoadingState } from '../../components/States.tsx';
import { sessionExpiry } from '../../lib/session-expiry.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { SessionProvider } from './session-context.tsx';
import type { SignInState } from './sign-in-state.ts';
import { useSessionQuery } from './use-session.ts';

/**
 * Renders its children only for a signed-in user. When the session ends while the app is
 * open (any UNAUTHORIZED response, or the socket's `session.ended`), cached data is dropped and the
 * person lands on sign-in with a message, and returns to the same page afterwards.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSessionQuery();
  const location = useLocation();
  useSessionExpiryRedirect();

  if (session.isPending) return <LoadingState label="Checking your session…" />;
  if (session.isError) {
    return (
      <main className="page" id="main">
        <ErrorState
          error={session.error}
          title="PageFree could not check your session."
          onRetry={() => session.refetch()}
        />
      </main>
    );
  }
  if (!session.data) {
    const state: SignInState = { from: `${location.pathname}${location.search}` };
    return <Navigate to="/sign-in" replace state={state} />;
  }
  return <SessionProvider user={session.data}>{children}</SessionProvider>;
}

function useSessionExpiryRedirect() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const locationRef = useRef(location);
  locationRef.current = location;

  useEffect(
    () =>
      sessionExpiry.subscribe((reason) => {
        const current = locationRef.current;
        if (current.pathname === '/sign-in') return;
        const state: SignInState = { from: `${current.pathname}${current.search}`, reason };
        navigate('/sign-in', { replace: true, state });
        // Data of the ended session must not show to the next person who signs in on this device.
        queryClient.clear();
        queryClient.setQueryData(trpc.auth.session.queryKey(), null);
      }),
    [navigate, queryClient, trpc],
  );
}
