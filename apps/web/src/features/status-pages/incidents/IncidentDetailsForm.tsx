import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { errorField, errorMessage } from '../../../lib/errors.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { IMPACT, IMPACT_ORDER } from '../status-labels.ts';
import type { Impact, StatusIncident } from '../types.ts';
import { LinkedIncidentsPicker } from './LinkedIncidentsPicker.tsx';

/** Corrects a status incident's title, impact and internal links without notifying anyone. */
export function IncidentDetailsForm({
  teamId,
  incident,
  onDone,
}: {
  teamId: string;
  incident: StatusIncident;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [title, setTitle] = useState(incident.title);
  const [impact, setImpact] = useState<Impact>(incident.impact);
  const [linkedIncidentIds, setLinkedIncidentIds] = useState(incident.linkedIncidentIds);
  const update = useMutation(
    trpc.statusPages.incidents.update.mutationOptions({
      onSuccess: (updated) => {
        queryClient.setQueryData(
          trpc.statusPages.incidents.get.queryKey({ statusIncidentId: incident.id }),
          updated,
        );
        void queryClient.invalidateQueries(trpc.statusPages.pathFilter());
        toast.show('success', 'Incident details saved.');
        onDone();
      },
    }),
  );
  const field = errorField(update.error);
  const fieldError = (name: string) =>
    field === name || field?.startsWith(`${name}.`) ? errorMessage(update.error) : null;
  const otherError =
    update.error &&
    !['title', 'impact', 'linkedIncidentIds'].some(
      (name) => field === name || field?.startsWith(`${name}.`),
    );

  function submit(event: FormEvent) {
    event.preventDefault();
    update.mutate({ statusIncidentId: incident.id, title, impact, linkedIncidentIds });
  }

  return (
    <form className="card inline-form" onSubmit={submit} aria-label="Edit incident details">
      <p className="muted small">Corrections change the page but do not notify subscribers.</p>
      <div className="field-row">
        <Field label="Title" error={fieldError('title')}>
          <input
            required
            value={title}
            maxLength={200}
            onChange={(event) => setTitle(event.target.value)}
          />
        </Field>
        <Field label="Overall impact" error={fieldError('impact')}>
          <select value={impact} onChange={(event) => setImpact(event.target.value as Impact)}>
            {IMPACT_ORDER.map((value) => (
              <option key={value} value={value}>
                {IMPACT[value].text}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <LinkedIncidentsPicker
        teamId={teamId}
        value={linkedIncidentIds}
        onChange={setLinkedIncidentIds}
        error={fieldError('linkedIncidentIds')}
      />
      {otherError ? (
        <p className="inline-error" role="alert">
          {errorMessage(update.error)}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save details'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
