import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Field } from '../../components/Field.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { errorField, errorMessage } from '../../lib/errors.ts';
import { fromLocalInputValue, toLocalInputValue } from '../../lib/format.ts';
import { type RouterOutputs, useTRPC } from '../../lib/trpc.ts';
import { useCurrentUser } from '../auth/session-context.tsx';

type Schedule = RouterOutputs['schedules']['list'][number];

/**
 * Puts someone on call instead of the rotation for a window, e.g. to cover a colleague's
 * shift. It starts pre-filled with the current shift and the signed-in user.
 */
export function OverrideForm({ schedule, onDone }: { schedule: Schedule; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const me = useCurrentUser();
  const members = useQuery(trpc.teams.members.queryOptions({ teamId: schedule.team.id }));
  const eligible = (members.data ?? []).filter(
    (member) => member.active && member.role !== 'OBSERVER',
  );

  const [userId, setUserId] = useState(me.id);
  // The signed-in user is the default only where they can be on call in this team.
  const chosenId = eligible.some((member) => member.id === userId) ? userId : '';
  const [startsAt, setStartsAt] = useState(() => toLocalInputValue(new Date()));
  const [endsAt, setEndsAt] = useState(() =>
    toLocalInputValue(
      schedule.onCallNow
        ? new Date(schedule.onCallNow.until)
        : new Date(Date.now() + 8 * 3_600_000),
    ),
  );

  const create = useMutation(
    trpc.schedules.createOverride.mutationOptions({
      onSuccess: () => {
        toast.show('success', `Override added to ${schedule.name}.`);
        void queryClient.invalidateQueries(trpc.schedules.pathFilter());
        onDone();
      },
    }),
  );

  const field = errorField(create.error);
  const fieldError = (name: string) => (field === name ? errorMessage(create.error) : null);
  const otherError = create.error && !['userId', 'startsAt', 'endsAt'].includes(field ?? '');

  function submit(event: FormEvent) {
    event.preventDefault();
    const start = fromLocalInputValue(startsAt);
    const end = fromLocalInputValue(endsAt);
    if (!start || !end || !chosenId) return;
    create.mutate({
      scheduleId: schedule.id,
      userId: chosenId,
      startsAt: start.toISOString(),
      endsAt: end.toISOString(),
    });
  }

  return (
    <form
      className="override-form"
      onSubmit={submit}
      aria-label={`New override for ${schedule.name}`}
    >
      <Field label="Who is on call" error={fieldError('userId')}>
        <select value={chosenId} onChange={(event) => setUserId(event.target.value)}>
          {chosenId === '' ? (
            <option value="" disabled>
              {members.isPending ? 'Loading…' : 'Choose a responder'}
            </option>
          ) : null}
          {eligible.map((member) => (
            <option key={member.id} value={member.id}>
              {member.id === me.id ? `${member.name} (me)` : member.name}
            </option>
          ))}
        </select>
      </Field>
      <div className="field-row">
        <Field label="From (your time)" error={fieldError('startsAt')}>
          <input
            type="datetime-local"
            required
            value={startsAt}
            onChange={(event) => setStartsAt(event.target.value)}
          />
        </Field>
        <Field label="Until (your time)" error={fieldError('endsAt')}>
          <input
            type="datetime-local"
            required
            value={endsAt}
            onChange={(event) => setEndsAt(event.target.value)}
          />
        </Field>
      </div>
      {otherError ? (
        <p className="inline-error" role="alert">
          {errorMessage(create.error)}
        </p>
      ) : null}
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={create.isPending || !chosenId}
        >
          {create.isPending ? 'Saving…' : 'Create override'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
