import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import type { StatusSection } from '../types.ts';

/** Adds a section (a heading that groups components), or renames `section` when given. */
export function SectionForm({
  pageId,
  section,
  onDone,
}: {
  pageId: string;
  section?: StatusSection;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState(section?.name ?? '');
  const onSuccess = (saved: StatusSection) => {
    toast.show(
      'success',
      section ? `Section renamed to ${saved.name}.` : `Section ${saved.name} added.`,
    );
    void queryClient.invalidateQueries(trpc.statusPages.pathFilter());
    onDone();
  };
  const create = useMutation(trpc.statusPages.sections.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.statusPages.sections.update.mutationOptions({ onSuccess }));
  const mutation = section ? update : create;

  let submitLabel = section ? 'Rename section' : 'Add section';
  if (mutation.isPending) submitLabel = 'Saving…';

  function submit(event: FormEvent) {
    event.preventDefault();
    if (section) update.mutate({ sectionId: section.id, name });
    else create.mutate({ pageId, name });
  }

  return (
    <form
      className="inline-form"
      onSubmit={submit}
      aria-label={section ? `Rename ${section.name}` : 'New section'}
    >
      <Field
        label="Section name"
        hint="A heading on the page, e.g. Payments."
        error={mutation.error ? errorMessage(mutation.error) : null}
      >
        <input
          required
          value={name}
          maxLength={120}
          onChange={(event) => setName(event.target.value)}
        />
      </Field>
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
