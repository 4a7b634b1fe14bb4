import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { errorField, errorMessage } from '../../../lib/errors.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { INCIDENT_STATUS, INCIDENT_STATUS_ORDER } from '../status-labels.ts';
import type { IncidentStatus, StatusTemplate } from '../types.ts';

const KNOWN_FIELDS = ['name', 'title', 'status', 'body'];

/** Creates a template for status incidents and updates, or edits `template` when given. */
export function TemplateForm({
  pageId,
  template,
  onDone,
}: {
  pageId: string;
  template?: StatusTemplate;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState(template?.name ?? '');
  const [title, setTitle] = useState(template?.title ?? '');
  const [status, setStatus] = useState<IncidentStatus>(template?.status ?? 'investigating');
  const [body, setBody] = useState(template?.body ?? '');

  const onSuccess = (saved: StatusTemplate) => {
    toast.show(
      'success',
      template ? `Template ${saved.name} saved.` : `Template ${saved.name} created.`,
    );
    void queryClient.invalidateQueries(trpc.statusPages.templates.list.queryFilter({ pageId }));
    onDone();
  };
  const create = useMutation(trpc.statusPages.templates.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.statusPages.templates.update.mutationOptions({ onSuccess }));
  const mutation = template ? update : create;
  const field = errorField(mutation.error);
  const fieldError = (name: string) => (field === name ? errorMessage(mutation.error) : null);
  const otherError = mutation.error && !KNOWN_FIELDS.includes(field ?? '');

  let submitLabel = template ? 'Save template' : 'Create template';
  if (mutation.isPending) submitLabel = 'Saving…';

  function submit(event: FormEvent) {
    event.preventDefault();
    const values = { name, title, status, body };
    if (template) update.mutate({ templateId: template.id, ...values });
    else create.mutate({ pageId, ...values });
  }

  return (
    <form
      className="inline-form card"
      onSubmit={submit}
      aria-label={template ? `Edit template ${template.name}` : 'New template'}
    >
      <div className="field-row">
        <Field
          label="Template name"
          hint="Only people in the console see it."
          error={fieldError('name')}
        >
          <input
            required
            value={name}
            maxLength={120}
            onChange={(event) => setName(event.target.value)}
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
      <Field label="Incident title" error={fieldError('title')}>
        <input
          required
          value={title}
          maxLength={200}
          onChange={(event) => setTitle(event.target.value)}
        />
      </Field>
      <Field
        label="Message"
        hint="Markdown is allowed; HTML is shown as text."
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
