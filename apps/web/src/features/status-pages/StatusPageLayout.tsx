import { useQuery } from '@tanstack/react-query';
import { Link, NavLink, Outlet, useParams } from 'react-router';
import { ErrorState, LoadingState } from '../../components/States.tsx';
import { useTRPC } from '../../lib/trpc.ts';
import { useCurrentUser } from '../auth/session-context.tsx';
import { statusPageAccess } from './page-access.ts';
import type { StatusPageContext } from './page-context.ts';
import { publicPageUrl } from './public-url.ts';
import { VisibilityBadge } from './VisibilityBadge.tsx';

const TABS = [
  { path: 'incidents', label: 'Incidents' },
  { path: 'components', label: 'Components' },
  { path: 'maintenance', label: 'Maintenance' },
  { path: 'templates', label: 'Templates' },
  { path: 'subscribers', label: 'Subscribers' },
  { path: 'preview', label: 'Preview' },
  { path: 'settings', label: 'Settings' },
];

/** Renders one status page's name, public link and tabs around the panel of the current tab. */
export function StatusPageLayout() {
  const { pageId = '' } = useParams();
  const trpc = useTRPC();
  const user = useCurrentUser();
  const page = useQuery(trpc.statusPages.get.queryOptions({ pageId }));

  if (page.isPending) {
    return (
      <main className="page" id="main">
        <LoadingState label="Loading the status page…" />
      </main>
    );
  }
  if (page.isError) {
    return (
      <main className="page" id="main">
        <p className="back-link">
          <Link to="/status-pages">← All status pages</Link>
        </p>
        <ErrorState
          error={page.error}
          title="This status page could not be loaded."
          onRetry={() => page.refetch()}
        />
      </main>
    );
  }

  const access = statusPageAccess(user, page.data.teamId);
  const url = publicPageUrl(page.data.url);
  return (
    <main className="page" id="main">
      <p className="back-link">
        <Link to="/status-pages">← All status pages</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{page.data.name}</h1>
          <div className="row-meta status-page-meta">
            <VisibilityBadge visibility={page.data.visibility} />
            <span className="mono">/{page.data.slug}</span>
            <span>{page.data.timeZone}</span>
          </div>
        </div>
        {url ? (
          <a className="button" href={url} target="_blank" rel="noreferrer">
            Open public page<span aria-hidden="true"> ↗</span>
            <span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        ) : null}
      </div>
      {!access.canCommunicate ? (
        <p className="notice">
          You can read this page. Responders of its team post incidents, and team admins change its
          settings.
        </p>
      ) : !access.canConfigure ? (
        <p className="notice">
          You can post status incidents and updates. Team admins change components, maintenance,
          templates and settings.
        </p>
      ) : null}
      <nav className="tabs" aria-label="Status page sections">
        {TABS.map((tab) => (
          <NavLink key={tab.path} to={tab.path}>
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Outlet context={{ page: page.data, access } satisfies StatusPageContext} />
    </main>
  );
}
