import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { useToast } from '../components/Toasts.tsx';
import { useCurrentUser } from '../features/auth/session-context.tsx';
import type { SignInState } from '../features/auth/sign-in-state.ts';
import { canConfigure, isPlatformAdmin } from '../features/auth/use-session.ts';
import { ConnectionBanner } from '../features/live/ConnectionBanner.tsx';
import { LiveIndicator } from '../features/live/LiveIndicator.tsx';
import { usePushKeyRenewal } from '../features/settings/use-push-key-renewal.ts';
import { errorMessage } from '../lib/errors.ts';
import { useTRPC } from '../lib/trpc.ts';

/** Renders the header, navigation and live-status banner around every signed-in page. */
export function AppShell() {
  const user = useCurrentUser();
  const triggered = useTriggeredCount();
  usePushKeyRenewal();

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-row">
          <NavLink to="/incidents" className="brand" aria-label="PageFree incidents">
            <img src="/icons/icon.svg" alt="" width="28" height="28" />
            <span>PageFree</span>
          </NavLink>
          <LiveIndicator />
          <div className="topbar-user">
            <span className="user-name" title={user.email}>
              {user.name}
            </span>
            <SignOutButton />
          </div>
        </div>
        <nav className="mainnav" aria-label="Main">
          <NavLink to="/incidents">
            Incidents
            {triggered ? (
              <>
                <span className="nav-count" aria-hidden="true">
                  {triggered}
                </span>
                <span className="visually-hidden">, {triggered} triggered</span>
              </>
            ) : null}
          </NavLink>
          <NavLink to="/on-call">On-call</NavLink>
          <NavLink to="/runbooks">Runbooks</NavLink>
          {canConfigure(user) ? <NavLink to="/config">Configuration</NavLink> : null}
          <NavLink to="/status-pages">Status pages</NavLink>
          <NavLink to="/settings">My settings</NavLink>
          {isPlatformAdmin(user) ? <NavLink to="/partners">Partners</NavLink> : null}
          {isPlatformAdmin(user) ? <NavLink to="/audit">Audit log</NavLink> : null}
        </nav>
      </header>
      <ConnectionBanner />
      <Outlet />
    </div>
  );
}

/** Maximum number of triggered incidents the badge counts; more show as "100+". */
const TRIGGERED_COUNT_LIMIT = 100;

/**
 * Counts triggered incidents across the user's teams, for the badge next to "Incidents".
 * Returns null when there are none.
 */
function useTriggeredCount(): string | null {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.incidents.list.queryOptions(
      { status: ['triggered'], limit: TRIGGERED_COUNT_LIMIT },
      { staleTime: 30_000 },
    ),
  );
  const count = query.data?.items.length ?? 0;
  if (count === 0) return null;
  return query.data?.nextCursor ? `${TRIGGERED_COUNT_LIMIT}+` : String(count);
}

function SignOutButton() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSuccess: () => {
        const state: SignInState = { reason: 'signed-out' };
        navigate('/sign-in', { replace: true, state });
        queryClient.clear();
        queryClient.setQueryData(trpc.auth.session.queryKey(), null);
      },
      onError: (error) => toast.show('error', `Sign-out failed: ${errorMessage(error)}`),
    }),
  );
  return (
    <button
      type="button"
      className="button button-small"
      onClick={() => logout.mutate()}
      disabled={logout.isPending}
    >
      Sign out
    </button>
  );
}
