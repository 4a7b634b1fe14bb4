import { skipToken, useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorState, LoadingState } from '../../../components/States.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { VersionDecisions } from '../approvals/VersionDecisions.tsx';
import { VersionStatusBadge } from '../RunbookBadges.tsx';
import { useDirectory } from '../use-directory.ts';
import { type DiffLayout, PatchView } from './PatchView.tsx';
import { type RunbookDetail, useRunbookContext } from './runbook-context.ts';

/**
 * Every version of the runbook, newest first, and a diff between any two of them. The two
 * versions and the layout live in the URL (`from`, `to`, `layout`), so a review can be
 * linked from the approval queue.
 */
export function VersionsPanel() {
  const { runbook } = useRunbookContext();
  const { userLabel } = useDirectory();
  const [params, setParams] = useSearchParams();
  const versions = runbook.versions;
  const toId = params.get('to') ?? versions[0]?.id ?? '';
  const fromId = params.get('from') ?? defaultFrom(runbook, toId);
  const layout: DiffLayout = params.get('layout') === 'split' ? 'split' : 'unified';
  const fromSelectId = useId();
  const toSelectId = useId();

  function setParam(name: 'from' | 'to' | 'layout', value: string) {
    const next = new URLSearchParams(params);
    next.set(name, value);
    setParams(next, { replace: true });
  }

  return (
    <section aria-labelledby="versions-title">
      <h2 id="versions-title">Compare versions</h2>
      {versions.length < 2 ? (
        <p className="muted">There is only one version so far; save an edit to compare.</p>
      ) : (
        <>
          <div className="filters compare-controls">
            <div className="inline-label">
              <label htmlFor={fromSelectId}>From</label>
              <select
                id={fromSelectId}
                value={fromId}
                onChange={(event) => setParam('from', event.target.value)}
              >
                {versions.map((version) => (
                  <option key={version.id} value={version.id}>
                    v{version.version} ({version.status.toLowerCase()})
                  </option>
                ))}
              </select>
            </div>
            <div className="inline-label">
              <label htmlFor={toSelectId}>To</label>
              <select
                id={toSelectId}
                value={toId}
                onChange={(event) => setParam('to', event.target.value)}
              >
                {versions.map((version) => (
                  <option key={version.id} value={version.id}>
                    v{version.version} ({version.status.toLowerCase()})
                  </option>
                ))}
              </select>
            </div>
            <fieldset className="segmented">
              <legend className="visually-hidden">Diff layout</legend>
              {(
                [
                  ['unified', 'Unified'],
                  ['split', 'Side by side'],
                ] as const
              ).map(([value, label]) => (
                <label key={value} className="segment">
                  <input
                    type="radio"
                    name="diff-layout"
                    value={value}
                    checked={layout === value}
                    onChange={() => setParam('layout', value)}
                  />
                  <span>{label}</span>
                </label>
              ))}
            </fieldset>
          </div>
          <VersionDiff fromId={fromId} toId={toId} layout={layout} />
        </>
      )}

      <h2 className="section-gap">History</h2>
      <div className="table-scroll">
        <table className="table table-stack">
          <caption className="visually-hidden">Versions of {runbook.name}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Status</th>
              <th scope="col">Saved</th>
              <th scope="col">Change note</th>
              <th scope="col">Review</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => (
              <tr key={version.id}>
                <td data-label="Version">
                  <Link to={`/runbooks/${runbook.id}?version=${version.id}`}>
                    v{version.version}
                  </Link>
                </td>
                <td data-label="Status">
                  <div>
                    <VersionStatusBadge status={version.status} />
                  </div>
                </td>
                <td data-label="Saved">
                  <div>
                    {userLabel(version.createdBy)},{' '}
                    <time dateTime={version.createdAt}>{formatDateTime(version.createdAt)}</time>
                  </div>
                </td>
                <td data-label="Change note">{version.changeNote || '—'}</td>
                <td data-label="Review" className="small">
                  <div>
                    {version.approvedAt ? (
                      <div>
                        Approved by {userLabel(version.approvedBy)},{' '}
                        {formatDateTime(version.approvedAt)}
                      </div>
                    ) : null}
                    {version.deprecatedAt ? (
                      <div>
                        Deprecated by {userLabel(version.deprecatedBy)},{' '}
                        {formatDateTime(version.deprecatedAt)}
                      </div>
                    ) : null}
                    {!version.approvedAt && !version.deprecatedAt ? '—' : null}
                  </div>
                </td>
                <td data-label="Actions">
                  <div className="item-actions">
                    <VersionDecisions
                      target={{ ...version, teamId: runbook.teamId }}
                      approvedVersion={runbook.approvedVersion?.version ?? null}
                    />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Compares the approved version with a newer one by default, else the one before `toId`. */
function defaultFrom(runbook: RunbookDetail, toId: string): string {
  const approved = runbook.approvedVersion;
  if (approved && approved.id !== toId) return approved.id;
  const index = runbook.versions.findIndex((version) => version.id === toId);
  return runbook.versions[index + 1]?.id ?? runbook.versions[index - 1]?.id ?? toId;
}

const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  description: 'Description',
  allowedHosts: 'Allowed hosts',
  privateNetworkHosts: 'Private network hosts',
  secretNames: 'Secret names',
  timeoutSeconds: 'Time limit (seconds)',
};

function VersionDiff({
  fromId,
  toId,
  layout,
}: {
  fromId: string;
  toId: string;
  layout: DiffLayout;
}) {
  const trpc = useTRPC();
  const same = fromId === toId;
  const diff = useQuery(
    trpc.runbooks.diff.queryOptions(
      same ? skipToken : { fromVersionId: fromId, toVersionId: toId },
    ),
  );

  if (same) return <p className="muted">Choose two different versions to compare.</p>;
  if (diff.isPending) return <LoadingState label="Comparing versions…" />;
  if (diff.isError) return <ErrorState error={diff.error} onRetry={() => diff.refetch()} />;

  const { changes, scriptPatch, parametersSchemaPatch, from, to } = diff.data;
  const unchanged = changes.length === 0 && !scriptPatch && !parametersSchemaPatch;
  return (
    <section
      className="version-diff"
      aria-label={`Changes from version ${from.version} to ${to.version}`}
    >
      {unchanged ? (
        <p className="muted">
          Versions {from.version} and {to.version} have the same content.
        </p>
      ) : null}
      {changes.length > 0 ? (
        <div className="table-scroll">
          <table className="table table-stack table-compact">
            <caption className="visually-hidden">Changed settings</caption>
            <thead>
              <tr>
                <th scope="col">Setting</th>
                <th scope="col">v{from.version}</th>
                <th scope="col">v{to.version}</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((change) => (
                <tr key={change.field}>
                  <td data-label="Setting">{FIELD_LABELS[change.field] ?? change.field}</td>
                  <td data-label={`v${from.version}`} className="break">
                    {formatValue(change.from)}
                  </td>
                  <td data-label={`v${to.version}`} className="break">
                    {formatValue(change.to)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <PatchView title="Script" patch={scriptPatch} layout={layout} />
      <PatchView title="Parameters schema" patch={parametersSchemaPatch} layout={layout} />
    </section>
  );
}

function formatValue(value: unknown): string {
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'none';
  if (value === '' || value === null || value === undefined) return '—';
  return String(value);
}
