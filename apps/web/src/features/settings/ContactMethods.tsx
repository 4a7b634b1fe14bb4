import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Field } from '../../components/Field.tsx';
import { SecretReveal } from '../../components/SecretReveal.tsx';
import { InlineError } from '../../components/States.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { errorField, errorMessage } from '../../lib/errors.ts';
import { type RouterOutputs, useTRPC } from '../../lib/trpc.ts';

type ContactMethod = RouterOutputs['notifications']['settings']['contactMethods'][number];

/** Email addresses and webhooks the user is paged at, with add and remove. */
export function ContactMethods({ methods }: { methods: ContactMethod[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const refresh = () => queryClient.invalidateQueries(trpc.notifications.settings.queryFilter());
  const remove = useMutation(
    trpc.notifications.removeContactMethod.mutationOptions({
      onSuccess: () => toast.show('success', 'Contact method removed.'),
      onSettled: refresh,
    }),
  );

  return (
    <section className="card" aria-labelledby="contacts-title">
      <h2 id="contacts-title">Email and webhooks</h2>
      {methods.length === 0 ? (
        <p className="muted">No email address or webhook yet; pages reach you by push only.</p>
      ) : (
        <ul className="item-list" aria-label="Contact methods">
          {methods.map((method) => (
            <li key={method.id} className="item">
              <div>
                <span className="badge">{method.type === 'email' ? 'Email' : 'Webhook'}</span>{' '}
                <strong className="break">{method.address}</strong>
                {method.label ? <span className="muted"> · {method.label}</span> : null}
                {!method.enabled ? <span className="badge badge-off">Disabled</span> : null}
              </div>
              <button
                type="button"
                className="button button-small button-quiet"
                disabled={remove.isPending}
                onClick={() => remove.mutate({ contactMethodId: method.id })}
                aria-label={`Remove ${method.type} ${method.address}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <InlineError error={remove.error} />
      <AddContactMethodForm onAdded={refresh} />
    </section>
  );
}

function AddContactMethodForm({ onAdded }: { onAdded: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const [type, setType] = useState<'email' | 'webhook'>('email');
  const [address, setAddress] = useState('');
  const [label, setLabel] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const add = useMutation(
    trpc.notifications.addContactMethod.mutationOptions({
      onSuccess: (created) => {
        setAddress('');
        setLabel('');
        setSecret(created.signingSecret);
        toast.show('success', `${created.type === 'email' ? 'Email address' : 'Webhook'} added.`);
        onAdded();
      },
    }),
  );
  const field = errorField(add.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate({ type, address: address.trim(), label: label.trim() });
  }

  if (secret) {
    return (
      <SecretReveal
        title="Webhook signing secret."
        secret={secret}
        note="Each page is signed with it: verify the x-pagefree-signature header (v1=HMAC-SHA256 of '<timestamp>.<body>') before trusting a request."
        onDone={() => setSecret(null)}
      />
    );
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-label="Add a contact method">
      <h3>Add a contact method</h3>
      <div className="field-row">
        <Field label="Type">
          <select
            value={type}
            onChange={(event) => setType(event.target.value as 'email' | 'webhook')}
          >
            <option value="email">Email</option>
            <option value="webhook">Webhook</option>
          </select>
        </Field>
        <Field
          label={type === 'email' ? 'Email address' : 'Webhook URL'}
          error={field === 'address' ? errorMessage(add.error) : null}
        >
          <input
            type={type === 'email' ? 'email' : 'url'}
            required
            value={address}
            placeholder={
              type === 'email' ? 'you@example.com' : 'https://hooks.example.com/pagefree'
            }
            onChange={(event) => setAddress(event.target.value)}
          />
        </Field>
        <Field label="Label (optional)" error={field === 'label' ? errorMessage(add.error) : null}>
          <input value={label} maxLength={100} onChange={(event) => setLabel(event.target.value)} />
        </Field>
      </div>
      {add.error && field !== 'address' && field !== 'label' ? (
        <p className="inline-error" role="alert">
          {errorMessage(add.error)}
        </p>
      ) : null}
      <button type="submit" className="button" disabled={add.isPending || !address.trim()}>
        {add.isPending ? 'Adding…' : 'Add'}
      </button>
    </form>
  );
}
