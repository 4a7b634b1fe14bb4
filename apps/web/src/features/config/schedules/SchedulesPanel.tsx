import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.tsx';
import { useTRPC } from '../../../lib/trpc.ts';
import { useConfigTeam } from '../config-context.ts';
import { ScheduleForm } from './ScheduleForm.tsx';

/** Lists the team's schedules and creates new ones. Overrides are managed on the On-call page. */
export function SchedulesPanel() {
  const { team } = useConfigTeam();
  const trpc = useTRPC();
  const [creating, setCreating] = useState(false);
  const schedules = useQuery(trpc.schedules.list.queryOptions({ teamId: team.id }));

  return (
    <section aria-labelledby="schedules-config-title">
      <div className="section-header">
        <h2 id="schedules-config-title">Schedules</h2>
        {!creating ? (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            New schedule
          </button>
        ) : null}
      </div>
      {creating ? <ScheduleForm teamId={team.id} onDone={() => setCreating(false)} /> : null}
      {schedules.isPending ? (
        <LoadingState label="Loading schedules…" />
      ) : schedules.isError ? (
        <ErrorState error={schedules.error} onRetry={() => schedules.refetch()} />
      ) : schedules.data.length === 0 ? (
        <EmptyState title="This team has no schedules yet.">
          <p>A schedule rotates on-call duty; escalation policies can page whoever is on call.</p>
        </EmptyState>
      ) : (
        <ul className="item-list" aria-label="Schedules">
          {schedules.data.map((schedule) => (
            <li key={schedule.id} className="item">
              <div>
                <strong>{schedule.name}</strong>
                <div className="muted small">
                  {schedule.rotationType === 'weekly' ? 'Weekly' : 'Daily'} rotation, every{' '}
                  {schedule.shiftLength} {schedule.rotationType === 'weekly' ? 'week' : 'day'}
                  {schedule.shiftLength === 1 ? '' : 's'} at {schedule.handoffTime}{' '}
                  {schedule.timeZone}
                </div>
                <div className="small">
                  On call now: {schedule.onCallNow?.userName ?? 'nobody'}
                  {schedule.onCallNext ? ` · next: ${schedule.onCallNext.userName}` : ''}
                </div>
              </div>
              <Link className="button button-small" to="/on-call">
                Overrides
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
