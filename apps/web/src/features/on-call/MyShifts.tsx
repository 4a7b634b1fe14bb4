import { useQuery } from '@tanstack/react-query';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.tsx';
import { formatDuration, formatShiftBoundary } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';

const DAYS_AHEAD = 14;

/** Lists the signed-in user's shifts over the next two weeks, including overrides they took. */
export function MyShifts({ now }: { now: number }) {
  const trpc = useTRPC();
  const shifts = useQuery(trpc.schedules.myShifts.queryOptions({ days: DAYS_AHEAD }));

  if (shifts.isPending) return <LoadingState label="Loading your shifts…" />;
  if (shifts.isError) return <ErrorState error={shifts.error} onRetry={() => shifts.refetch()} />;
  if (shifts.data.length === 0) {
    return (
      <EmptyState title={`You have no shifts in the next ${DAYS_AHEAD} days.`}>
        <p>Shifts appear here when a schedule's rotation or an override puts you on call.</p>
      </EmptyState>
    );
  }

  return (
    <ul className="shift-list" aria-label="My upcoming shifts">
      {shifts.data.map((shift) => {
        const from = new Date(shift.from).getTime();
        const until = new Date(shift.until).getTime();
        const current = from <= now && now < until;
        return (
          <li
            key={`${shift.scheduleId}-${shift.from}`}
            className={current ? 'shift is-current' : 'shift'}
          >
            <div>
              <strong>{shift.scheduleName}</strong>
              <span className="muted"> · {shift.teamName}</span>
              {current ? <span className="badge badge-now">On call now</span> : null}
              {shift.source === 'override' ? <span className="badge">Override</span> : null}
            </div>
            <div className="muted">
              <time dateTime={shift.from}>{formatShiftBoundary(shift.from)}</time> –{' '}
              <time dateTime={shift.until}>{formatShiftBoundary(shift.until)}</time> (
              {current ? `${formatDuration(until - now)} left` : formatDuration(until - from)})
            </div>
          </li>
        );
      })}
    </ul>
  );
}
