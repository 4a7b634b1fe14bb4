import { NavLink, Outlet } from 'react-router';
import { EmptyState } from '../../components/States.tsx';
import { useCurrentUser } from '../auth/session-context.tsx';
import { isPlatformAdmin } from '../auth/use-session.ts';

const TABS = [
  { path: 'accounts', label: 'Partners' },
  { path: 'access', label: 'Pages and access' },
  { path: 'tokens', label: 'Access tokens' },
  { path: 'sessions', label: 'Sessions' },
  { path: 'audit', label: 'Partner audit log' },
];

/** Partner access to private status pages, for platform admins, with a tab per panel. */
export function PartnersLayout() {
  const user = useCurrentUser();
  if (!isPlatformAdmin(user)) {
    return (
      <main className="page" id="main">
        <h1>Partners</h1>
        <EmptyState title="Only platform admins manage partners.">
          <p>Ask a platform admin to give a partner access to a status page.</p>
        </EmptyState>
      </main>
    );
  }
  return (
    <main className="page" id="main">
      <div className="page-header">
        <div>
          <h1>Partners</h1>
          <p className="muted page-lead">
            People and programs outside the organisation who read private status pages. They sign in
            on the status site only, never here.
          </p>
        </div>
      </div>
      <nav className="tabs" aria-label="Partner sections">
        {TABS.map((tab) => (
          <NavLink key={tab.path} to={tab.path}>
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </main>
  );
}
