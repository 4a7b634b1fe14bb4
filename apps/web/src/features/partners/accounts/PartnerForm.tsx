import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { errorField, errorMessage } from '../../../lib/errors.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import type { Partner } from '../partner-labels.ts';

/** Creates a partner, or edits one when `partner` is given. */
export function PartnerForm({ partner, onDone }: { partner?: Partner; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState(partner?.name ?? '');
  const [email, setEmail] = useState(partner?.email ?? '');
  const [organisation, setOrganisation] = useState(partner?.organisation ?? '');
  const onSuccess = (saved: { name: string }) => {
    toast.show('success', partner ? `${saved.name} saved.` : `Partner ${saved.name} created.`);
    void queryClient.invalidateQueries(trpc.partners.pathFilter());
    onDone();
  };
  const create = useMutation(trpc.partners.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.partners.update.mutationOptions({ onSuccess }));
  const mutation = partner ? update : create;
  const field = errorField(mutation.error);
  const fieldError = (name: string) => (field === name ? errorMessage(mutation.error) : null);
  let submitLabel = partner ? 'Save partner' : 'Create partner';
  if (mutation.isPending) submitLabel = 'Saving…';

  function submit(event: FormEvent) {
    event.preventDefault();
    if (partner) update.mutate({ partnerId: partner.id, name, email, organisation });
    else create.mutate({ name, email, organisation });
  }

  return (
    <form
      className="inline-form card"
      onSubmit={submit}
      aria-label={partner ? `Edit ${partner.name}` : 'New partner'}
    >
      <div className="field-row">
        <Field label="Name" error={fieldError('name')}>
          <input
            required
            maxLength={120}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </Field>
        <Field label="Email" hint="Sign-in links go to this address." error={fieldError('email')}>
          <input
            required
            type="email"
            maxLength={254}
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </Field>
        <Field label="Organisation" error={fieldError('organisation')}>
          <input
            maxLength={120}
            value={organisation}
            onChange={(event) => setOrganisation(event.target.value)}
          />
        </Field>
      </div>
      {mutation.error && !field ? (
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
