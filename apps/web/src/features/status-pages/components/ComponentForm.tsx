import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { errorField, errorMessage } from '../../../lib/errors.ts';
import { type RouterOutputs, useTRPC } from '../../../lib/trpc.ts';
import type { StatusComponent, StatusPage } from '../types.ts';
import { ServicePicker } from './ServicePicker.tsx';

type Service = RouterOutputs['services']['list'][number];

const KNOWN_FIELDS = ['name', 'description', 'sectionId', 'serviceIds', 'showUptime'];

/** Adds a component to the page, or edits `component` when given, with its service mapping. */
export function ComponentForm({
  page,
  services,
  component,
  initialSectionId = null,
  onDone,
}: {
  page: StatusPage;
  services: Service[] | undefined;
  component?: StatusComponent;
  initialSectionId?: string | null;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState(component?.name ?? '');
  const [description, setDescription] = useState(component?.description ?? '');
  const [sectionId, setSectionId] = useState(component?.sectionId ?? initialSectionId ?? '');
  const [showUptime, setShowUptime] = useState(component?.showUptime ?? true);
  const [serviceIds, setServiceIds] = useState<string[]>(component?.serviceIds ?? []);

  const onSuccess = (saved: StatusComponent) => {
    toast.show(
      'success',
      component ? `Component ${saved.name} saved.` : `Component ${saved.name} added.`,
    );
    void queryClient.invalidateQueries(trpc.statusPages.pathFilter());
    onDone();
  };
  const create = useMutation(trpc.statusPages.components.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.statusPages.components.update.mutationOptions({ onSuccess }));
  const mutation = component ? update : create;
  const field = errorField(mutation.error);
  const fieldError = (name: string) =>
    field === name || field?.startsWith(`${name}.`) ? errorMessage(mutation.error) : null;
  const otherError =
    mutation.error && !KNOWN_FIELDS.some((name) => field === name || field?.startsWith(`${name}.`));

  let submitLabel = component ? 'Save component' : 'Add component';
  if (mutation.isPending) submitLabel = 'Saving…';

  function submit(event: FormEvent) {
    event.preventDefault();
    const values = { name, description, sectionId: sectionId || null, showUptime, serviceIds };
    if (component) update.mutate({ componentId: component.id, ...values });
    else create.mutate({ pageId: page.id, ...values });
  }

  return (
    <form
      className="inline-form card"
      onSubmit={submit}
      aria-label={component ? `Edit ${component.name}` : 'New component'}
    >
      <div className="field-row">
        <Field
          label="Public name"
          hint="What customers see, e.g. Checkout or API."
          error={fieldError('name')}
        >
          <input
            required
            value={name}
            maxLength={120}
            onChange={(event) => setName(event.target.value)}
          />
        </Field>
        <Field label="Section" error={fieldError('sectionId')}>
          <select value={sectionId} onChange={(event) => setSectionId(event.target.value)}>
            <option value="">No section</option>
            {page.sections.map((section) => (
              <option key={section.id} value={section.id}>
                {section.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label="Public description (optional)" error={fieldError('description')}>
        <textarea
          rows={2}
          maxLength={1000}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
      </Field>
      <ServicePicker
        services={services}
        value={serviceIds}
        onChange={setServiceIds}
        error={fieldError('serviceIds')}
      />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={showUptime}
          onChange={(event) => setShowUptime(event.target.checked)}
        />
        Show 90-day uptime on the page
      </label>
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
