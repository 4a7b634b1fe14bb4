import { Link } from 'react-router';
import { formatDateTime, formatRelative } from '../../../lib/format.ts';
import { useNow } from '../../../lib/use-now.ts';
import { describeTrigger, type Execution, formatMilliseconds } from '../labels.ts';
import { ExecutionStatusBadge } from '../RunbookBadges.tsx';
import { useDirectory } from '../use-directory.ts';

/**
 * Lists runs newest first, each linking to its live view. `show` picks the column that
 * differs: the runbook on an incident's list, the incident on a runbook's list.
 */
export function ExecutionTable({
  executions,
  show,
  caption,
}: {
  executions: Execution[];
  show: 'runbook' | 'incident';
  caption: string;
}) {
  const now = useNow();
  const { userNames } = useDirectory();
  return (
    <div className="table-scroll">
      <table className="table table-stack table-compact">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">{show === 'runbook' ? 'Runbook' : 'Incident'}</th>
            <th scope="col">Trigger</th>
            <th scope="col">Queued</th>
            <th scope="col">Duration</th>
            <th scope="col">
              <span className="visually-hidden">Details</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {executions.map((execution) => (
            <tr key={execution.id}>
              <td data-label="Status">
                <div className="badge-row">
                  <ExecutionStatusBadge status={execution.status} />
                  {execution.dryRun ? <span className="badge badge-draft">Dry run</span> : null}
                </div>
              </td>
              <td data-label={show === 'runbook' ? 'Runbook' : 'Incident'}>
                {show === 'runbook' ? (
                  <div>
                    {execution.runbookName} <span className="muted">v{execution.version}</span>
                  </div>
                ) : (
                  <Link to={`/incidents/${execution.incidentId}`}>
                    #{execution.incidentNumber} {execution.incidentTitle}
                  </Link>
                )}
              </td>
              <td data-label="Trigger">{describeTrigger(execution.trigger, userNames)}</td>
              <td data-label="Queued">
                <time dateTime={execution.queuedAt} title={formatDateTime(execution.queuedAt)}>
                  {formatRelative(execution.queuedAt, now)}
                </time>
              </td>
              <td data-label="Duration">
                {execution.durationMs === null ? '—' : formatMilliseconds(execution.durationMs)}
              </td>
              <td data-label="Details" className="nowrap">
                <Link
                  to={`/runbooks/executions/${execution.id}`}
                  aria-label={`Open the run of ${execution.runbookName} queued ${formatDateTime(execution.queuedAt)}`}
                >
                  Open run
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
