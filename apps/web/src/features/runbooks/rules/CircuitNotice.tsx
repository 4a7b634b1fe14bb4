import { useQuery } from '@tanstack/react-query';
import { formatDateTime, formatRelative } from '../../../lib/format.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { useNow } from '../../../lib/use-now.ts';

/**
 * Shows the team's circuit breaker for automatic runs. While it is open, rules do not start
 * runs (manual runs still do) until the cool-down ends. With `showClosed`, a closed breaker
 * is shown too, as on the rules page.
 */
export function CircuitNotice({
  teamId,
  showClosed = false,
}: {
  teamId: string;
  showClosed?: boolean;
}) {
  const trpc = useTRPC();
  const now = useNow(10_000);
  const circuit = useQuery(
    trpc.runbooks.circuit.queryOptions({ teamId }, { refetchInterval: 30_000 }),
  );

  if (!circuit.data) return null;
  const { state, openUntil, failures, runs } = circuit.data;
  if (state === 'closed') {
    if (!showClosed) return null;
    return (
      <p className="notice circuit circuit-closed" role="status">
        <strong>
          <span aria-hidden="true">✓ </span>Automatic runs are on.
        </strong>{' '}
        Rules pause for this team when more than half of its recent runs fail.
      </p>
    );
  }
  return (
    <div className="notice circuit circuit-open" role="status">
      <strong>
        <span aria-hidden="true">⏸ </span>Automatic runs are paused for this team.
      </strong>{' '}
      {failures} of the last {runs} runs failed, so rules start no runs
      {openUntil ? (
        <>
          {' '}
          until{' '}
          <time dateTime={openUntil} title={formatDateTime(openUntil)}>
            {formatDateTime(openUntil)} ({formatRelative(openUntil, now)})
          </time>
        </>
      ) : null}
      . Manual runs from an incident still work; check the failed runs before the pause ends.
    </div>
  );
}
