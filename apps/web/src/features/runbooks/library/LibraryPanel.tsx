import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.tsx';
import { formatDateTime, formatRelative } from '../../../lib/format.ts';
import { type RouterInputs, useTRPC } from '../../../lib/trpc.ts';
import { useNow } from '../../../lib/use-now.ts';
import { VersionStatusBadge } from '../RunbookBadges.tsx';
import { useDirectory } from '../use-directory.ts';

/** Owner filter value for global runbooks; any other non-empty value is a team id. */
const GLOBAL = 'global';

/**
 * Lists the runbook library: the user's teams' runbooks and the global ones, filtered by
 * owner and searched by name or description. Filters live in the URL, so a view can be shared.
 */
export function LibraryPanel() {
  const trpc = useTRPC();
  const now = useNow();
  const directory = useDirectory();
  const [params, setParams] = useSearchParams();
  const owner = params.get('owner') ?? '';
  const search = params.get('q') ?? '';

  const input: RouterInputs['runbooks']['list'] =
    owner && owner !== GLOBAL ? { teamId: owner, includeGlobal: false } : {};
  const runbooks = useQuery(trpc.runbooks.list.queryOptions(input));

  function setFilter(name: 'owner' | 'q', value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }

  const needle = search.trim().toLowerCase();
  const matching = (runbooks.data ?? []).filter(
    (runbook) =>
      (owner !== GLOBAL || runbook.teamId === null) &&
      (!needle ||
        runbook.name.toLowerCase().includes(needle) ||
        runbook.description.toLowerCase().includes(needle)),
  );

  return (
    <section aria-labelledby="library-title">
      <h2 id="library-title" className="visually-hidden">
        Library
      </h2>
      <search className="filters" aria-label="Filter runbooks">
        <label className="filter-select">
          <span className="visually-hidden">Owner</span>
          <select value={owner} onChange={(event) => setFilter('owner', event.target.value)}>
            <option value="">All teams and global</option>
            <option value={GLOBAL}>Global only</option>
            {directory.teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </label>
        <label className="filter-search">
          <span className="visually-hidden">Search runbooks</span>
          <input
            type="search"
            placeholder="Search by name or description"
            value={search}
            onChange={(event) => setFilter('q', event.target.value)}
          />
        </label>
      </search>

      {runbooks.isPending ? (
        <LoadingState label="Loading runbooks…" />
      ) : runbooks.isError ? (
        <ErrorState error={runbooks.error} onRetry={() => runbooks.refetch()} />
      ) : matching.length === 0 ? (
        <EmptyState
          title={
            runbooks.data.length === 0 ? 'No runbooks yet.' : 'No runbook matches these filters.'
          }
        >
          {runbooks.data.length === 0 ? (
            <p>
              A runbook is a script that restarts, scales or collects diagnostics when an incident
              opens. Team admins write them; a platform admin approves each version before it runs.
            </p>
          ) : null}
        </EmptyState>
      ) : (
        <ul className="item-list" aria-label="Runbooks">
          {matching.map((runbook) => (
            <li key={runbook.id} className="item">
              <div className="runbook-summary">
                <Link className="row-title" to={`/runbooks/${runbook.id}`}>
                  {runbook.name}
                </Link>
                <div className="row-meta">
                  <span>{directory.ownerLabel(runbook.teamId)}</span>
                  <span>
                    Changed{' '}
                    <time dateTime={runbook.updatedAt} title={formatDateTime(runbook.updatedAt)}>
                      {formatRelative(runbook.updatedAt, now)}
                    </time>
                  </span>
                </div>
                {runbook.description ? <p className="small clamp">{runbook.description}</p> : null}
              </div>
              <div className="badge-row">
                <VersionStatusBadge
                  status={runbook.latestVersion.status}
                  version={runbook.latestVersion.version}
                />
                {runbook.approvedVersion ? (
                  runbook.approvedVersion.id !== runbook.latestVersion.id ? (
                    <span className="badge badge-on">
                      <span className="badge-icon" aria-hidden="true">
                        ✓
                      </span>
                      v{runbook.approvedVersion.version} runs
                    </span>
                  ) : null
                ) : (
                  <span className="badge badge-off">Nothing approved</span>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
