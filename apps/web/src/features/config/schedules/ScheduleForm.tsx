import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { errorField, errorMessage } from '../../../lib/errors.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { move } from '../policies/policy-draft.ts';

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function timeZones(): string[] {
  return typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
}

/** Creates a schedule with one daily or weekly rotation through team members in order. */
export function ScheduleForm({ teamId, onDone }: { teamId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const members = useQuery(trpc.teams.members.queryOptions({ teamId }));
  const zones = useMemo(timeZones, []);
  const [name, setName] = useState('');
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const [rotationType, setRotationType] = useState<'daily' | 'weekly'>('weekly');
  const [shiftLength, setShiftLength] = useState(1);
  const [handoffTime, setHandoffTime] = useState('09:00');
  const [rotationStartDate, setRotationStartDate] = useState(() =>
    new Date().toLocaleDateString('sv-SE'),
  );
  const [participantIds, setParticipantIds] = useState<string[]>([]);
  const [candidate, setCandidate] = useState('');

  const create = useMutation(
    trpc.schedules.create.mutationOptions({
      onSuccess: (schedule) => {
        toast.show('success', `Schedule ${schedule.name} created.`);
        void queryClient.invalidateQueries(trpc.schedules.pathFilter());
        onDone();
      },
    }),
  );
  const field = errorField(create.error);
  const fieldError = (name: string) =>
    field === name || field?.startsWith(`${name}.`) ? errorMessage(create.error) : null;
  const known = [
    'name',
    'timeZone',
    'shiftLength',
    'handoffTime',
    'rotationStartDate',
    'participantIds',
  ];
  const otherError =
    create.error && !known.some((name) => field === name || field?.startsWith(`${name}.`));

  const memberName = (id: string) => members.data?.find((member) => member.id === id)?.name ?? id;
  const available = (members.data ?? []).filter(
    (member) => member.active && member.role !== 'OBSERVER' && !participantIds.includes(member.id),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({
      teamId,
      name,
      timeZone,
      rotationType,
      shiftLength,
      handoffTime,
      rotationStartDate,
      participantIds,
    });
  }

  return (
    <form className="inline-form card" onSubmit={submit} aria-label="New schedule">
      <div className="field-row">
        <Field label="Name" error={fieldError('name')}>
          <input
            required
            value={name}
            maxLength={100}
            onChange={(event) => setName(event.target.value)}
          />
        </Field>
        <Field
          label="Time zone"
          hint="Handoffs stay at this local time across daylight-saving changes."
          error={fieldError('timeZone')}
        >
          <input
            list="time-zones"
            required
            value={timeZone}
            onChange={(event) => setTimeZone(event.target.value)}
          />
        </Field>
        <datalist id="time-zones">
          {zones.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
      </div>
      <div className="field-row">
        <Field label="Rotation">
          <select
            value={rotationType}
            onChange={(event) => setRotationType(event.target.value as 'daily' | 'weekly')}
          >
            <option value="weekly">Weekly</option>
            <option value="daily">Daily</option>
          </select>
        </Field>
        <Field
          label={rotationType === 'weekly' ? 'Weeks per shift' : 'Days per shift'}
          error={fieldError('shiftLength')}
        >
          <input
            type="number"
            min={1}
            max={52}
            value={shiftLength}
            onChange={(event) => setShiftLength(Number(event.target.value))}
          />
        </Field>
        <Field label="Handoff time" error={fieldError('handoffTime')}>
          <input
            type="time"
            required
            value={handoffTime}
            onChange={(event) => setHandoffTime(event.target.value)}
          />
        </Field>
        <Field label="First shift starts on" error={fieldError('rotationStartDate')}>
          <input
            type="date"
            required
            value={rotationStartDate}
            onChange={(event) => setRotationStartDate(event.target.value)}
          />
        </Field>
      </div>

      <fieldset className="participants">
        <legend>On-call order</legend>
        {participantIds.length === 0 ? (
          <p className="muted small">Add the responders who take turns, in order.</p>
        ) : (
          <ol className="participant-list">
            {participantIds.map((id, index) => (
              <li key={id}>
                <span>{memberName(id)}</span>
                <button
                  type="button"
                  className="button button-small"
                  disabled={index === 0}
                  onClick={() => setParticipantIds(move(participantIds, index, -1))}
                  aria-label={`Move ${memberName(id)} earlier`}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="button button-small"
                  disabled={index === participantIds.length - 1}
                  onClick={() => setParticipantIds(move(participantIds, index, 1))}
                  aria-label={`Move ${memberName(id)} later`}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="button button-small button-quiet"
                  onClick={() => setParticipantIds(participantIds.filter((other) => other !== id))}
                  aria-label={`Remove ${memberName(id)}`}
                >
                  Remove
                </button>
              </li>
            ))}
          </ol>
        )}
        <div className="control-row">
          <label className="visually-hidden" htmlFor="participant-candidate">
            Responder to add
          </label>
          <select
            id="participant-candidate"
            value={candidate}
            onChange={(event) => setCandidate(event.target.value)}
          >
            <option value="">
              {available.length ? 'Choose a responder' : 'Everyone is added'}
            </option>
            {available.map((member) => (
              <option key={member.id} value={member.id}>
                {member.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button"
            disabled={!candidate}
            onClick={() => {
              setParticipantIds([...participantIds, candidate]);
              setCandidate('');
            }}
          >
            Add to rotation
          </button>
        </div>
        {fieldError('participantIds') ? (
          <p className="field-error">{fieldError('participantIds')}</p>
        ) : null}
      </fieldset>

      {otherError ? (
        <p className="inline-error" role="alert">
          {errorMessage(create.error)}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create schedule'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
