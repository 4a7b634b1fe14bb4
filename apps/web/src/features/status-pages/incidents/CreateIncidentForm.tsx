import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { Field } from '../../../components/Field.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { errorField, errorMessage } from '../../../lib/errors.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { IMPACT, IMPACT_ORDER, INCIDENT_STATUS, INCIDENT_STATUS_ORDER } from '../status-labels.ts';
import type { Impact, IncidentStatus, StatusPage } from '../types.ts';
import {
  ComponentImpactPicker,
  type ImpactChoices,
  toComponentImpacts,
} from './ComponentImpactPicker.tsx';
import { LinkedIncidentsPicker } from './LinkedIncidentsPicker.tsx';
import { TemplatePicker } from './TemplatePicker.tsx';

const KNOWN_FIELDS = [
  'title',
  'status',
  'body',
  'impact',
  'components',
  'linkedIncidentIds',
  'templateId',
];

/**
 * Publishes a status incident with its first update: what customers see, which components
 * it affects and how, and which internal incidents it reports on.
 */
export function CreateIncidentForm({ page, onDone }: { page: StatusPage; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [status, setStatus] = useState<IncidentStatus>('investigating');
  const [body, setBody] = useState('');
  const [impacts, setImpacts] = useState<ImpactChoices>({});
  const [impact, setImpact] = useState<Impact | ''>('');
  const [linkedIncidentIds, setLinkedIncidentIds] = useState<string[]>([]);
  const [notifySubscribers, setNotifySubscribers] = useState(true);

  const create = useMutation(
    trpc.statusPages.incidents.create.mutationOptions({
      onSuccess: (incident) => {
        toast.show('success', `Status incident "${incident.title}" published.`);
        queryClient.setQueryData(
          trpc.statusPages.incidents.get.queryKey({ statusIncidentId: incident.id }),
          incident,
        );
        void queryClient.invalidateQueries(trpc.statusPages.pathFilter());
        navigate(`/status-pages/${page.id}/incidents/${incident.id}`);
      },
    }),
  );
  const field = errorField(create.error);
  const fieldError = (name: string) =>
    field === name || field?.startsWith(`${name}.`) ? errorMessage(create.error) : null;
  const otherError =
    create.error && !KNOWN_FIELDS.some((name) => field === name || field?.startsWith(`${name}.`));

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({
      pageId: page.id,
      title,
      status,
      body,
      components: toComponentImpacts(impacts),
      ...(impact && { impact }),
      linkedIncidentIds,
      notifySubscribers,
    });
  }

  return (
    <form className="inline-form card" onSubmit={submit} aria-label="New status incident">
      <TemplatePicker
        pageId={page.id}
        fills="the title, message and status"
        onPick={(template) => {
          setTitle(template.title);
          setBody(template.body);
          setStatus(template.status);
        }}
      />
      <div className="field-row">
        <Field
          label="Title"
          hint="Public; name the symptom, not the cause."
          error={fieldError('title')}
        >
          <input
            required
            value={title}
            maxLength={200}
            onChange={(event) => setTitle(event.target.value)}
          />
        </Field>
        <Field label="Status" error={fieldError('status')}>
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
      </div>
      <Field
        label="Message"
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
      <ComponentImpactPicker
        page={page}
        value={impacts}
        onChange={setImpacts}
        error={fieldError('components')}
      />
      <Field
        label="Overall impact"
        hint="Sets the page's indicator while the incident is open."
        error={fieldError('impact')}
      >
        <select value={impact} onChange={(event) => setImpact(event.target.value as Impact | '')}>
          <option value="">From the worst affected component</option>
          {IMPACT_ORDER.map((value) => (
            <option key={value} value={value}>
              {IMPACT[value].text}
            </option>
          ))}
        </select>
      </Field>
      <LinkedIncidentsPicker
        teamId={page.teamId}
        value={linkedIncidentIds}
        onChange={setLinkedIncidentIds}
        error={fieldError('linkedIncidentIds')}
      />
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
          {errorMessage(create.error)}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Publishing…' : 'Publish incident'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
