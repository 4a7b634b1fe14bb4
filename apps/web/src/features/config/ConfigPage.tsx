import { useQuery } from '@tanstack/react-query';
import { NavLink, Outlet, useSearchParams } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.tsx';
import { useTRPC } from '../../lib/trpc.ts';
import { useCurrentUser } from '../auth/session-context.tsx';
import type { ConfigContext } from './config-context.ts';

const TABS = [
  { path: 'services', label: 'Services' },
  { path: 'integrations', label: 'Integrations' },
  { path: 'policies', label: 'Escalation policies' },
  { path: 'schedules', label: 'Schedules' },
];

/** Configuration of one team at a time, for team admins (and platform admins). */
export function ConfigPage() {
  const trpc = useTRPC();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const teams = useQuery(trpc.teams.list.queryOptions());

  if (teams.isPending) {
    return (
      <main className="page" id="main">
        <LoadingState label="Loading your teams…" />
      </main>
    );
  }
  if (teams.isError) {
    return (
      <main className="page" id="main">
        <ErrorState error={teams.error} onRetry={() => teams.refetch()} />
      </main>
    );
  }

  const isAdmin = user.platformRole === 'PLATFORM_ADMIN';
  const editable = teams.data.filter((team) => isAdmin || team.myRole === 'TEAM_ADMIN');
  const team = editable.find((candidate) => candidate.id === params.get('team')) ?? editable[0];
  const search = team ? `?team=${team.id}` : '';

  return (
    <main className="page" id="main">
      <div className="page-header">
        <h1>Configuration</h1>
        {editable.length > 1 ? (
          <label className="inline-label">
            Team
            <select
              value={team?.id}
              onChange={(event) => setParams({ team: event.target.value }, { replace: true })}
            >
              {editable.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name}
                </option>
              ))}
            </select>
          </label>
        ) : team ? (
          <span className="muted">Team: {team.name}</span>
        ) : null}
      </div>
      {!team ? (
        <EmptyState title="You are not an admin of any team.">
          <p>Team admins configure services, integrations, escalation policies and schedules.</p>
        </EmptyState>
      ) : (
        <>
          <nav className="tabs" aria-label="Configuration sections">
            {TABS.map((tab) => (
              <NavLink key={tab.path} to={`${tab.path}${search}`}>
                {tab.label}
              </NavLink>
            ))}
          </nav>
          <Outlet context={{ team } satisfies ConfigContext} />
        </>
      )}
    </main>
  );
}
