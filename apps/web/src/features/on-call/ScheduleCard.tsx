import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { InlineError, LoadingState } from '../../components/States.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { formatDuration, formatShiftBoundary } from '../../lib/format.ts';
import { type RouterOutputs, useTRPC } from '../../lib/trpc.ts';
import { OverrideForm } from './OverrideForm.tsx';

type Schedule = RouterOutputs['schedules']['list'][number];
type Slot = Schedule['onCallNow'];

function rotationText(schedule: Schedule): string {
  const unit = schedule.rotationType === 'daily' ? 'day' : 'week';
  const length = schedule.shiftLength === 1 ? unit : `${schedule.shiftLength} ${unit}s`;
  return `Hands off every ${length} at ${schedule.handoffTime} ${schedule.timeZone}`;
}

/** Shows one schedule: who is on call now and next, its upcoming overrides, and a way to add one. */
export function ScheduleCard({ schedule, now }: { schedule: Schedule; now: number }) {
  const [adding, setAdding] = useState(false);
  const [showOverrides, setShowOverrides] = useState(false);

  return (
    <article className="card schedule-card" aria-labelledby={`schedule-${schedule.id}`}>
      <header className="card-header">
        <h3 id={`schedule-${schedule.id}`}>{schedule.name}</h3>
        <span className="muted">{schedule.team.name}</span>
      </header>
      <p className="muted small">{rotationText(schedule)}</p>
      <dl className="on-call-slots">
        <SlotRow label="On call now" slot={schedule.onCallNow} now={now} current />
        <SlotRow label="Next" slot={schedule.onCallNext} now={now} current={false} />
      </dl>
      <div className="card-actions">
        <button
          type="button"
          className="button button-small"
          aria-expanded={adding}
          onClick={() => setAdding((value) => !value)}
        >
          Create override
        </button>
        <button
          type="button"
          className="button button-small button-quiet"
          aria-expanded={showOverrides}
          onClick={() => setShowOverrides((value) => !value)}
        >
          {showOverrides ? 'Hide overrides' : 'Show overrides'}
        </button>
      </div>
      {adding ? <OverrideForm schedule={schedule} onDone={() => setAdding(false)} /> : null}
      {showOverrides ? <OverrideList scheduleId={schedule.id} /> : null}
    </article>
  );
}

function SlotRow({
  label,
  slot,
  now,
  current,
}: {
  label: string;
  slot: Slot;
  now: number;
  current: boolean;
}) {
  return (
    <>
      <dt>{label}</dt>
      <dd>
        {slot ? (
          <>
            <strong>{slot.userName}</strong>
            {slot.source === 'override' ? <span className="badge">Override</span> : null}
            <span className="muted">
              {' '}
              {current
                ? `until ${formatShiftBoundary(slot.until)} (${formatDuration(new Date(slot.until).getTime() - now)})`
                : `from ${formatShiftBoundary(slot.from)}`}
            </span>
          </>
        ) : (
          <span className="warning-text">Nobody — pages on this schedule reach no one</span>
        )}
      </dd>
    </>
  );
}

function OverrideList({ scheduleId }: { scheduleId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const schedule = useQuery(trpc.schedules.get.queryOptions({ scheduleId }));
  const remove = useMutation(
    trpc.schedules.deleteOverride.mutationOptions({
      onSuccess: () => {
        toast.show('success', 'Override removed.');
        void queryClient.invalidateQueries(trpc.schedules.pathFilter());
      },
    }),
  );

  if (schedule.isPending) return <LoadingState label="Loading overrides…" />;
  if (schedule.isError) return <InlineError error={schedule.error} />;
  if (schedule.data.overrides.length === 0) {
    return <p className="muted small">No current or upcoming overrides.</p>;
  }
  return (
    <>
      <ul className="override-list" aria-label="Overrides">
        {schedule.data.overrides.map((override) => (
          <li key={override.id}>
            <span>
              <strong>{override.userName}</strong> {formatShiftBoundary(override.startsAt)} –{' '}
              {formatShiftBoundary(override.endsAt)}
            </span>
            <button
              type="button"
              className="button button-small button-quiet"
              disabled={remove.isPending}
              onClick={() => remove.mutate({ overrideId: override.id })}
              aria-label={`Remove override for ${override.userName} from ${formatShiftBoundary(override.startsAt)}`}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <InlineError error={remove.error} />
    </>
  );
}
