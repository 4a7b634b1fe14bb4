import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.tsx';
import { useTRPC } from '../../../lib/trpc.ts';
import { useCurrentUser } from '../../auth/session-context.tsx';
import { isPlatformAdmin } from '../../auth/use-session.ts';
import { publicPageUrl } from '../public-url.ts';
import { PageForm } from '../settings/PageForm.tsx';
import { VisibilityBadge } from '../VisibilityBadge.tsx';

/** Lists the status pages of the user's teams. Team admins create new ones here. */
export function StatusPagesPage() {
  const trpc = useTRPC();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const pages = useQuery(trpc.statusPages.list.queryOptions({}));
  const teams = useQuery(trpc.teams.list.queryOptions());
  const teamName = (teamId: string) =>
    teams.data?.find((team) => team.id === teamId)?.name ?? 'Another team';
  const adminTeams = (teams.data ?? []).filter(
    (team) => isPlatformAdmin(user) || team.myRole === 'TEAM_ADMIN',
  );

  return (
    <main className="page" id="main">
      <div className="page-header">
        <h1>Status pages</h1>
        {adminTeams.length > 0 && !creating ? (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            New status page
          </button>
        ) : null}
      </div>
      {creating ? (
        <PageForm
          teams={adminTeams}
          onDone={() => setCreating(false)}
          onSaved={(page) => navigate(`/status-pages/${page.id}/components`)}
        />
      ) : null}
      {pages.isPending ? (
        <LoadingState label="Loading status pages…" />
      ) : pages.isError ? (
        <ErrorState error={pages.error} onRetry={() => pages.refetch()} />
      ) : pages.data.length === 0 ? (
        <EmptyState title="Your teams have no status pages yet.">
          <p>
            {adminTeams.length > 0
              ? 'A status page tells customers what works and what does not. Create one, add components, and map them to your services.'
              : 'Team admins create status pages; you will see your teams’ pages here.'}
          </p>
        </EmptyState>
      ) : (
        <ul className="item-list" aria-label="Status pages">
          {pages.data.map((page) => {
            const url = publicPageUrl(page.url);
            return (
              <li key={page.id} className="item">
                <div>
                  <Link className="row-title" to={`/status-pages/${page.id}`}>
                    {page.name}
                  </Link>
                  <div className="row-meta status-page-meta">
                    <VisibilityBadge visibility={page.visibility} />
                    <span className="mono">/{page.slug}</span>
                    <span>{teamName(page.teamId)}</span>
                    <span>{page.timeZone}</span>
                  </div>
                </div>
                <div className="item-actions">
                  {url && page.visibility === 'public' ? (
                    <a className="button button-small" href={url} target="_blank" rel="noreferrer">
                      Public page<span aria-hidden="true"> ↗</span>
                      <span className="visually-hidden"> (opens in a new tab)</span>
                    </a>
                  ) : null}
                  <Link className="button button-small" to={`/status-pages/${page.id}`}>
                    Manage
                  </Link>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </main>
  );
}
