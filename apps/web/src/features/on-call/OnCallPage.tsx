import { useQuery } from '@tanstack/react-query';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.tsx';
import { useTRPC } from '../../lib/trpc.ts';
import { useNow } from '../../lib/use-now.ts';
import { MyShifts } from './MyShifts.tsx';
import { ScheduleCard } from './ScheduleCard.tsx';

/** Shows who is on call now and next on every schedule, and the signed-in user's own shifts. */
export function OnCallPage() {
  const trpc = useTRPC();
  const now = useNow();
  const schedules = useQuery(trpc.schedules.list.queryOptions({}, { refetchInterval: 60_000 }));

  return (
    <main className="page" id="main">
      <div className="page-header">
        <h1>On-call</h1>
      </div>
      <section aria-labelledby="my-shifts-title" className="section">
        <h2 id="my-shifts-title">My upcoming shifts</h2>
        <MyShifts now={now} />
      </section>
      <section aria-labelledby="schedules-title" className="section">
        <h2 id="schedules-title">Schedules</h2>
        {schedules.isPending ? (
          <LoadingState label="Loading schedules…" />
        ) : schedules.isError ? (
          <ErrorState error={schedules.error} onRetry={() => schedules.refetch()} />
        ) : schedules.data.length === 0 ? (
          <EmptyState title="Your teams have no schedules yet.">
            <p>A team admin can create one under Configuration → Schedules.</p>
          </EmptyState>
        ) : (
          <div className="card-grid">
            {schedules.data.map((schedule) => (
              <ScheduleCard key={schedule.id} schedule={schedule} now={now} />
            ))}
          </div>
        )}
      </section>
    </main>
  );
}
