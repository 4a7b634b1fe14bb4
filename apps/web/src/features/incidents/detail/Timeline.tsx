import type { TimelineEntry } from '@pagefree/contracts';
import { useQuery } from '@tanstack/react-query';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.tsx';
import { formatDateTime, formatRelative } from '../../../lib/format.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { actorLabel, describeEntry, entryIcon } from './timeline-labels.ts';

/** Lists the incident's history, newest first, with notes in full. */
export function Timeline({
  incidentId,
  userNames,
  now,
}: {
  incidentId: string;
  userNames: Map<string, string>;
  now: number;
}) {
  const trpc = useTRPC();
  const timeline = useQuery(trpc.incidents.timeline.queryOptions({ incidentId }));

  if (timeline.isPending) return <LoadingState label="Loading the timeline…" />;
  if (timeline.isError) {
    return <ErrorState error={timeline.error} onRetry={() => timeline.refetch()} />;
  }
  if (timeline.data.length === 0) return <EmptyState title="Nothing has happened yet." />;

  const entries = [...timeline.data].reverse();
  return (
    <ol className="timeline" aria-label="Timeline">
      {entries.map((entry) => (
        <TimelineItem key={entry.id} entry={entry} userNames={userNames} now={now} />
      ))}
    </ol>
  );
}

function TimelineItem({
  entry,
  userNames,
  now,
}: {
  entry: TimelineEntry;
  userNames: Map<string, string>;
  now: number;
}) {
  const note =
    entry.type === 'note_added' && typeof entry.data.text === 'string' ? entry.data.text : null;
  return (
    <li className={`timeline-item timeline-${entry.type}`}>
      <span className="timeline-icon" aria-hidden="true">
        {entryIcon(entry.type)}
      </span>
      <div className="timeline-body">
        <p className="timeline-line">
          <strong>{describeEntry(entry, userNames)}</strong>
          <span className="muted"> · {actorLabel(entry)} · </span>
          <time
            className="muted"
            dateTime={entry.occurredAt}
            title={formatDateTime(entry.occurredAt)}
          >
            {formatRelative(entry.occurredAt, now)}
          </time>
        </p>
        {note ? <p className="timeline-note">{note}</p> : null}
      </div>
    </li>
  );
}
