import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { errorField, errorMessage } from '../../../lib/errors.ts';
import { type RouterInputs, useTRPC } from '../../../lib/trpc.ts';
import type { Maintenance, RecurrenceFrequency, StatusPage } from '../types.ts';
import {
  fromZonedInputValue,
  isValidTimeZone,
  knownTimeZones,
  toZonedInputValue,
} from './zoned-time.ts';

type MaintenanceChanges = Omit<
  RouterInputs['statusPages']['maintenances']['update'],
  'maintenanceId'
>;

const HOUR_MS = 3_600_000;

const FREQUENCY_UNITS: Record<RecurrenceFrequency, string> = {
  daily: 'days',
  weekly: 'weeks',
  monthly: 'months',
};

const KNOWN_FIELDS = [
  'title',
  'body',
  'timeZone',
  'startsAt',
  'endsAt',
  'recurrence',
  'notifyMinutesBefore',
  'componentIds',
];

/** Returns the next full hour from now, the suggested start of a new window. */
function nextFullHour(): Date {
  return new Date(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS);
}

/**
 * Schedules a maintenance window, or edits `maintenance` when given. Start, end and repeat
 * limit are wall-clock times in the chosen zone, which repeats keep across daylight-saving
 * changes. Times of a window in progress cannot change, so those fields are then disabled.
 */
export function MaintenanceForm({
  page,
  maintenance,
  onDone,
}: {
  page: StatusPage;
  maintenance?: Maintenance;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const zones = useMemo(knownTimeZones, []);
  const initialZone = maintenance?.timeZone ?? page.timeZone;
  const initial = useMemo(() => {
    const start = maintenance ? new Date(maintenance.startsAt) : nextFullHour();
    const end = maintenance ? new Date(maintenance.endsAt) : new Date(start.getTime() + HOUR_MS);
    const until = maintenance?.recurrence?.until;
    return {
      starts: toZonedInputValue(start, initialZone),
      ends: toZonedInputValue(end, initialZone),
      until: until ? toZonedInputValue(new Date(until), initialZone) : '',
    };
  }, [maintenance, initialZone]);
  const [title, setTitle] = useState(maintenance?.title ?? '');
  const [body, setBody] = useState(maintenance?.body ?? '');
  const [timeZone, setTimeZone] = useState(initialZone);
  const [starts, setStarts] = useState(initial.starts);
  const [ends, setEnds] = useState(initial.ends);
  const [frequency, setFrequency] = useState<RecurrenceFrequency | 'none'>(
    maintenance?.recurrence?.frequency ?? 'none',
  );
  const [repeatInterval, setRepeatInterval] = useState(maintenance?.recurrence?.interval ?? 1);
  const [until, setUntil] = useState(initial.until);
  const [notifyMinutesBefore, setNotifyMinutesBefore] = useState(
    maintenance?.notifyMinutesBefore ?? 60,
  );
  const [componentIds, setComponentIds] = useState<string[]>(maintenance?.componentIds ?? []);
  const [notifySubscribers, setNotifySubscribers] = useState(true);
  const [localError, setLocalError] = useState<{ field: string; message: string } | null>(null);
  const timesLocked = maintenance !== undefined && maintenance.state !== 'scheduled';

  const onSuccess = (saved: Maintenance) => {
    toast.show(
      'success',
      maintenance ? `Maintenance ${saved.title} saved.` : `Maintenance ${saved.title} scheduled.`,
    );
    void queryClient.invalidateQueries(trpc.statusPages.pathFilter());
    onDone();
  };
  const create = useMutation(trpc.statusPages.maintenances.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.statusPages.maintenances.update.mutationOptions({ onSuccess }));
  const mutation = maintenance ? update : create;
  const field = localError?.field ?? errorField(mutation.error);
  const message = localError?.message ?? errorMessage(mutation.error);
  const fieldError = (name: string) =>
    field === name || field?.startsWith(`${name}.`) ? message : null;
  const otherError =
    !localError &&
    mutation.error &&
    !KNOWN_FIELDS.some((name) => field === name || field?.startsWith(`${name}.`));

  /** Reads the time fields as instants in the chosen zone, or marks the bad field and returns null. */
  function readTiming() {
    const zone = timeZone.trim();
    if (!isValidTimeZone(zone)) {
      setLocalError({
        field: 'timeZone',
        message: 'Enter an IANA time zone such as Europe/Berlin.',
      });
      return null;
    }
    const startsAt = fromZonedInputValue(starts, zone);
    const endsAt = fromZonedInputValue(ends, zone);
    if (!startsAt) {
      setLocalError({ field: 'startsAt', message: 'Enter a start date and time.' });
      return null;
    }
    if (!endsAt) {
      setLocalError({ field: 'endsAt', message: 'Enter an end date and time.' });
      return null;
    }
    const untilAt = until ? fromZonedInputValue(until, zone) : null;
    const recurrence =
      frequency === 'none'
        ? null
        : { frequency, interval: repeatInterval, until: untilAt ? untilAt.toISOString() : null };
    return {
      timeZone: zone,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      recurrence,
    };
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setLocalError(null);
    const text = { title, body, notifyMinutesBefore, componentIds };
    if (!maintenance) {
      const timing = readTiming();
      if (timing) create.mutate({ pageId: page.id, ...text, ...timing, notifySubscribers });
      return;
    }

    // Timing goes to the server only when it changed, because any timing field reschedules
    // the window and is refused once it has started.
    const changes: MaintenanceChanges = { ...text };
    const timingChanged =
      timeZone !== initialZone ||
      starts !== initial.starts ||
      ends !== initial.ends ||
      until !== initial.until ||
      frequency !== (maintenance.recurrence?.frequency ?? 'none') ||
      (frequency !== 'none' && repeatInterval !== maintenance.recurrence?.interval);
    if (timingChanged && !timesLocked) {
      const timing = readTiming();
      if (!timing) return;
      Object.assign(changes, timing);
    }
    update.mutate({ maintenanceId: maintenance.id, ...changes });
  }

  const units = frequency === 'none' ? null : FREQUENCY_UNITS[frequency];
  let submitLabel = maintenance ? 'Save maintenance' : 'Schedule maintenance';
  if (mutation.isPending) submitLabel = 'Saving…';
  return (
    <form
      className="inline-form card"
      onSubmit={submit}
      aria-label={maintenance ? `Edit ${maintenance.title}` : 'New maintenance'}
    >
      <Field label="Title" hint="Public, e.g. Database upgrade." error={fieldError('title')}>
        <input
          required
          value={title}
          maxLength={200}
          onChange={(event) => setTitle(event.target.value)}
        />
      </Field>
      <Field
        label="Details (optional)"
        hint="Public. What changes for customers during the window."
        error={fieldError('body')}
      >
        <textarea
          rows={3}
          maxLength={20_000}
          value={body}
          onChange={(event) => setBody(event.target.value)}
        />
      </Field>
      <fieldset className="choice-group" disabled={timesLocked}>
        <legend>When</legend>
        {timesLocked ? (
          <p className="field-hint">The window has started, so its times can no longer change.</p>
        ) : null}
        <div className="field-row">
          <Field
            label="Time zone"
            hint="Start and end are local times in this zone."
            error={fieldError('timeZone')}
          >
            <input
              list="maintenance-time-zones"
              required
              value={timeZone}
              onChange={(event) => setTimeZone(event.target.value)}
            />
          </Field>
          <datalist id="maintenance-time-zones">
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          <Field label="Starts" error={fieldError('startsAt')}>
            <input
              type="datetime-local"
              required
              value={starts}
              onChange={(event) => setStarts(event.target.value)}
            />
          </Field>
          <Field label="Ends" error={fieldError('endsAt')}>
            <input
              type="datetime-local"
              required
              value={ends}
              onChange={(event) => setEnds(event.target.value)}
            />
          </Field>
        </div>
        <div className="field-row">
          <Field label="Repeats" error={fieldError('recurrence')}>
            <select
              value={frequency}
              onChange={(event) => setFrequency(event.target.value as RecurrenceFrequency | 'none')}
            >
              <option value="none">Does not repeat</option>
              <option value="daily">Daily</option>
              <option value="weekly">Weekly</option>
              <option value="monthly">Monthly</option>
            </select>
          </Field>
          {units ? (
            <>
              <Field
                label="Interval"
                hint={`Number of ${units} from one start to the next.`}
                error={fieldError('recurrence.interval')}
              >
                <input
                  type="number"
                  min={1}
                  max={52}
                  required
                  value={repeatInterval}
                  onChange={(event) => setRepeatInterval(Number(event.target.value))}
                />
              </Field>
              <Field
                label="Last start (optional)"
                hint="No repeat starts after this time."
                error={fieldError('recurrence.until')}
              >
                <input
                  type="datetime-local"
                  value={until}
                  onChange={(event) => setUntil(event.target.value)}
                />
              </Field>
            </>
          ) : null}
        </div>
      </fieldset>
      <div className="field-row">
        <Field
          label="Reminder, minutes before the start"
          hint="Subscribers get a notice this long before each start; 0 sends none."
          error={fieldError('notifyMinutesBefore')}
        >
          <input
            type="number"
            min={0}
            max={10_080}
            required
            value={notifyMinutesBefore}
            onChange={(event) => setNotifyMinutesBefore(Number(event.target.value))}
          />
        </Field>
      </div>
      <fieldset className={`choice-group${fieldError('componentIds') ? ' field-invalid' : ''}`}>
        <legend>Components under maintenance</legend>
        {page.components.length === 0 ? (
          <p className="muted small">This page has no components; the notice names none.</p>
        ) : (
          <ul className="check-list">
            {page.components.map((component) => (
              <li key={component.id}>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={componentIds.includes(component.id)}
                    onChange={(event) =>
                      setComponentIds(
                        event.target.checked
                          ? [...componentIds, component.id]
                          : componentIds.filter((id) => id !== component.id),
                      )
                    }
                  />
                  {component.name}
                </label>
              </li>
            ))}
          </ul>
        )}
        {fieldError('componentIds') ? (
          <p className="field-error" role="alert">
            {fieldError('componentIds')}
          </p>
        ) : null}
      </fieldset>
      {maintenance ? null : (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={notifySubscribers}
            onChange={(event) => setNotifySubscribers(event.target.checked)}
          />
          Notify subscribers now that it is scheduled
        </label>
      )}
      {otherError ? (
        <p className="inline-error" role="alert">
          {errorMessage(mutation.error)}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={mutation.isPending}>
          {submitLabel}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
