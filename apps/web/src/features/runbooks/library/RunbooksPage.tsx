import { useQuery } from '@tanstack/react-query';
import { Link, NavLink, Outlet } from 'react-router';
import { useTRPC } from '../../../lib/trpc.ts';
import { useCurrentUser } from '../../auth/session-context.tsx';
import { isPlatformAdmin } from '../../auth/use-session.ts';
import { canAuthorRunbooks } from '../runbook-access.ts';

/** Lays out the runbooks area: library and rules for everyone, approvals and dead letters for platform admins. */
export function RunbooksPage() {
  const user = useCurrentUser();
  const admin = isPlatformAdmin(user);

  return (
    <main className="page" id="main">
      <div className="page-header">
        <h1>Runbooks</h1>
        {canAuthorRunbooks(user) ? (
          <Link className="button button-primary" to="/runbooks/new">
            New runbook
          </Link>
        ) : null}
      </div>
      <nav className="tabs" aria-label="Runbook sections">
        <NavLink to="/runbooks" end>
          Library
        </NavLink>
        <NavLink to="/runbooks/rules">Automatic rules</NavLink>
        {admin ? <ApprovalsTab /> : null}
        {admin ? <NavLink to="/runbooks/dead-letters">Dead letters</NavLink> : null}
      </nav>
      <Outlet />
    </main>
  );
}

function ApprovalsTab() {
  const trpc = useTRPC();
  const pending = useQuery(trpc.runbooks.pendingApprovals.queryOptions());
  const count = pending.data?.length ?? 0;
  return (
    <NavLink to="/runbooks/approvals">
      Approvals
      {count > 0 ? (
        <>
          <span className="tab-count" aria-hidden="true">
            {count}
          </span>
          <span className="visually-hidden">, {count} waiting</span>
        </>
      ) : null}
    </NavLink>
  );
}
