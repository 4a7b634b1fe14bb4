import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { errorField, errorMessage } from '../../../lib/errors.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { useCurrentUser } from '../../auth/session-context.tsx';
import { INCIDENT_STATUS, INCIDENT_STATUS_ORDER } from '../status-labels.ts';
import type { IncidentStatus, StatusIncident, StatusPage } from '../types.ts';
import {
  ComponentImpactPicker,
  fromComponentImpacts,
  type ImpactChoices,
  toComponentImpacts,
} from './ComponentImpactPicker.tsx';
import { TemplatePicker } from './TemplatePicker.tsx';

/** Prefix of the id an update carries while it is only in the cache, not yet stored. */
export const PENDING_UPDATE_PREFIX = 'pending-';

/**
 * Posts an update to a status incident. The update shows in the timeline at once. If the
 * server rejects it, the update leaves the timeline and the text stays in the box with the
 * reason.
 */
export function UpdateForm({ page, incident }: { page: StatusPage; incident: StatusIncident }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const me = useCurrentUser();
  const [status, setStatus] = useState<IncidentStatus>(incident.status);
  const [body, setBody] = useState('');
  const [changeComponents, setChangeComponents] = useState(false);
  const [impacts, setImpacts] = useState<ImpactChoices>(() =>
    fromComponentImpacts(incident.components),
  );
  const [notifySubscribers, setNotifySubscribers] = useState(true);
  const key = trpc.statusPages.incidents.get.queryKey({ statusIncidentId: incident.id });

  const addUpdate = useMutation(
    trpc.statusPages.incidents.addUpdate.mutationOptions({
      onMutate: async (input) => {
        await queryClient.cancelQueries({ queryKey: key });
        const previous = queryClient.getQueryData(key);
        const now = new Date().toISOString();
        queryClient.setQueryData(key, (old) =>
          old
            ? {
                ...old,
                status: input.status,
                updatedAt: now,
                ...(input.components && { components: input.components }),
                updates: [
                  {
                    id: `${PENDING_UPDATE_PREFIX}${now}`,
                    status: input.status,
                    body: input.body,
                    createdBy: me.id,
                    createdAt: now,
                  },
                  ...old.updates,
                ],
              }
            : old,
        );
        return { previous };
      },
      onError: (_error, _input, context) => {
        if (context) queryClient.setQueryData(key, context.previous);
      },
      onSuccess: (updated) => {
        queryClient.setQueryData(key, updated);
        setBody('');
        setChangeComponents(false);
        toast.show('success', `Update posted: ${INCIDENT_STATUS[updated.status].text}.`);
      },
      onSettled: () => queryClient.invalidateQueries(trpc.statusPages.pathFilter()),
    }),
  );
  const field = errorField(addUpdate.error);
  const fieldError = (name: string) =>
    field === name || field?.startsWith(`${name}.`) ? errorMessage(addUpdate.error) : null;
  const otherError =
    addUpdate.error &&
    !['status', 'body', 'components'].some(
      (name) => field === name || field?.startsWith(`${name}.`),
    );

  function submit(event: FormEvent) {
    event.preventDefault();
    addUpdate.mutate({
      statusIncidentId: incident.id,
      status,
      body,
      ...(changeComponents && { components: toComponentImpacts(impacts) }),
      notifySubscribers,
    });
  }

  return (
    <form className="card inline-form" onSubmit={submit} aria-label="Post an update">
      <header className="card-header">
        <h3>Post an update</h3>
      </header>
      <TemplatePicker
        pageId={page.id}
        fills="the message and status"
        onPick={(template) => {
          setBody(template.body);
          setStatus(template.status);
        }}
      />
      <Field
        label="New status"
        hint={
          incident.status === 'resolved' && status !== 'resolved'
            ? 'This reopens the incident on the page.'
            : status === 'resolved'
              ? 'Resolving gives the components back to what internal incidents imply.'
              : undefined
        }
        error={fieldError('status')}
      >
        <select
          value={status}
          onChange={(event) => setStatus(event.target.value as IncidentStatus)}
        >
          {INCIDENT_STATUS_ORDER.map((value) => (
            <option key={value} value={value}>
              {INCIDENT_STATUS[value].text}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label="Update message"
        hint="Public. Markdown is allowed; HTML is shown as text."
        error={fieldError('body')}
      >
        <textarea
          required
          rows={4}
          maxLength={20_000}
          value={body}
          onChange={(event) => setBody(event.target.value)}
        />
      </Field>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={changeComponents}
          onChange={(event) => setChangeComponents(event.target.checked)}
        />
        Change the affected components
      </label>
      {changeComponents ? (
        <ComponentImpactPicker
          page={page}
          value={impacts}
          onChange={setImpacts}
          error={fieldError('components')}
        />
      ) : null}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={notifySubscribers}
          onChange={(event) => setNotifySubscribers(event.target.checked)}
        />
        Notify subscribers
      </label>
      {otherError ? (
        <p className="inline-error" role="alert">
          {errorMessage(addUpdate.error)}
        </p>
      ) : null}
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={addUpdate.isPending || body.trim().length === 0}
        >
          {addUpdate.isPending ? 'Posting…' : 'Post update'}
        </button>
      </div>
    </form>
  );
}
