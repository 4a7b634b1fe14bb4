import type { ExecutionLogLine } from '@pagefree/contracts';
import { Link } from 'react-router';
import { ErrorState, LoadingState } from '../../../components/States.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { describeTrigger, formatLogTime, formatMilliseconds, isFinished } from '../labels.ts';
import { ExecutionStatusBadge } from '../RunbookBadges.tsx';
import { useDirectory } from '../use-directory.ts';
import type { ExecutionDetail } from './execution-merge.ts';
import { useLiveExecution } from './use-live-execution.ts';

const CONNECTION_LABELS = {
  live: 'Live',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting… the run is re-read when the connection is back.',
} as const;

/**
 * Shows one run as it happens: status, each log line as it arrives, the result and any
 * error, all masked by the server before they were stored or sent.
 */
export function ExecutionLive({
  executionId,
  headingLevel = 2,
}: {
  executionId: string;
  headingLevel?: 2 | 3;
}) {
  const { execution, connection, watchError } = useLiveExecution(executionId);

  if (execution.isPending) return <LoadingState label="Loading the run…" />;
  if (execution.isError) {
    return (
      <ErrorState
        error={execution.error}
        title="This run could not be loaded."
        onRetry={() => execution.refetch()}
      />
    );
  }
  const data = execution.data;
  const finished = isFinished(data.status);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';

  return (
    <article className="execution" aria-labelledby={`execution-${data.id}`}>
      <header className="execution-header">
        <Heading id={`execution-${data.id}`}>
          <Link to={`/runbooks/${data.runbookId}`}>{data.runbookName}</Link>{' '}
          <span className="muted">v{data.version}</span>
        </Heading>
        <div className="badge-row" aria-live="polite">
          <ExecutionStatusBadge status={data.status} />
          {data.dryRun ? <span className="badge badge-draft">Dry run</span> : null}
        </div>
        {!finished ? (
          <span className={`execution-connection is-${connection}`}>
            {CONNECTION_LABELS[connection]}
          </span>
        ) : null}
      </header>
      {watchError ? (
        <p className="inline-error" role="alert">
          {watchError}
        </p>
      ) : null}
      <ExecutionFacts execution={data} />

      <h3 className="execution-subtitle">Log</h3>
      <LogLines lines={data.logs} finished={finished} />

      {data.error ? (
        <div className="execution-error" role="alert">
          <strong>{data.error.code}</strong> {data.error.message}
        </div>
      ) : null}
      {finished ? (
        <>
          <h3 className="execution-subtitle">Result</h3>
          {data.result === null || data.result === undefined ? (
            <p className="muted">The script returned no result.</p>
          ) : (
            <pre className="code-block">{JSON.stringify(data.result, null, 2)}</pre>
          )}
        </>
      ) : null}
      <p className="muted small">
        Output is masked: secret values and credential formats are replaced before anything is
        stored or shown.
        {data.outputTruncated ? ' This run wrote more than 10 KB; the rest was cut.' : ''}
      </p>
      <details className="payload">
        <summary>Parameters and script</summary>
        <h4>Parameters</h4>
        <pre className="code-block">{JSON.stringify(data.parameters, null, 2)}</pre>
        <h4>Script of version {data.version}</h4>
        <pre className="code-block">{data.script}</pre>
      </details>
    </article>
  );
}

function ExecutionFacts({ execution }: { execution: ExecutionDetail }) {
  const { userNames } = useDirectory();
  return (
    <dl className="facts execution-facts">
      <dt>Trigger</dt>
      <dd>{describeTrigger(execution.trigger, userNames)}</dd>
      <dt>Incident</dt>
      <dd>
        <Link to={`/incidents/${execution.incidentId}`}>
          #{execution.incidentNumber} {execution.incidentTitle}
        </Link>
      </dd>
      <dt>Queued</dt>
      <dd>
        <time dateTime={execution.queuedAt}>{formatDateTime(execution.queuedAt)}</time>
      </dd>
      {execution.startedAt ? (
        <>
          <dt>Started</dt>
          <dd>
            <time dateTime={execution.startedAt}>{formatDateTime(execution.startedAt)}</time>
          </dd>
        </>
      ) : null}
      {execution.durationMs !== null ? (
        <>
          <dt>Duration</dt>
          <dd>
            {formatMilliseconds(execution.durationMs)}
            {execution.cpuTimeMs !== null
              ? ` (CPU ${formatMilliseconds(execution.cpuTimeMs)})`
              : ''}
          </dd>
        </>
      ) : null}
      <dt>Attempt</dt>
      <dd>
        {execution.attempt} of {execution.maxAttempts}
      </dd>
      <dt>Time limit</dt>
      <dd>{execution.timeoutSeconds} s</dd>
    </dl>
  );
}

const LEVEL_LABELS = { info: 'INFO', warn: 'WARN', error: 'ERROR' } as const;

function LogLines({ lines, finished }: { lines: ExecutionLogLine[]; finished: boolean }) {
  if (lines.length === 0) {
    return (
      <p className="muted">
        {finished ? 'The script logged nothing.' : 'No log lines yet; they appear as they arrive.'}
      </p>
    );
  }
  const attempts = new Set(lines.map((line) => line.attempt)).size;
  return (
    <ol className="run-log" role="log" aria-label="Log lines">
      {lines.map((line) => (
        <li key={`${line.attempt}:${line.seq}`} className={`log-line log-${line.level}`}>
          <time dateTime={line.at}>{formatLogTime(line.at)}</time>
          <span className="log-level">
            {LEVEL_LABELS[line.level]}
            {attempts > 1 ? <span className="muted"> #{line.attempt}</span> : null}
          </span>
          <span className="log-message">{line.message}</span>
        </li>
      ))}
    </ol>
  );
}
