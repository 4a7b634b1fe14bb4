import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { errorField, errorMessage } from '../../../lib/errors.ts';
import { type RouterOutputs, useTRPC } from '../../../lib/trpc.ts';

type Service = RouterOutputs['services']['list'][number];
type Policy = RouterOutputs['escalationPolicies']['list'][number];

/** Creates a service, or edits one when `service` is given (the routing key is then fixed). */
export function ServiceForm({
  teamId,
  policies,
  service,
  onDone,
}: {
  teamId: string;
  policies: Policy[];
  service?: Service;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState(service?.name ?? '');
  const [routingKey, setRoutingKey] = useState(service?.routingKey ?? '');
  const [description, setDescription] = useState(service?.description ?? '');
  const [policyId, setPolicyId] = useState(service?.escalationPolicyId ?? '');

  const onSuccess = () => {
    toast.show('success', service ? `Service ${name} saved.` : `Service ${name} created.`);
    void queryClient.invalidateQueries(trpc.services.pathFilter());
    onDone();
  };
  const create = useMutation(trpc.services.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.services.update.mutationOptions({ onSuccess }));
  const mutation = service ? update : create;
  const field = errorField(mutation.error);
  const fieldError = (name: string) => (field === name ? errorMessage(mutation.error) : null);

  let submitLabel = service ? 'Save service' : 'Create service';
  if (mutation.isPending) submitLabel = 'Saving…';

  function submit(event: FormEvent) {
    event.preventDefault();
    const escalationPolicyId = policyId || null;
    if (service) {
      update.mutate({ serviceId: service.id, name, description, escalationPolicyId });
    } else {
      create.mutate({ teamId, name, routingKey, description, escalationPolicyId });
    }
  }

  return (
    <form
      className="inline-form"
      onSubmit={submit}
      aria-label={service ? `Edit ${service.name}` : 'New service'}
    >
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
          label="Routing key"
          hint={
            service
              ? 'Fixed once created.'
              : 'Lowercase letters, digits and hyphens; alerts name it to reach this service.'
          }
          error={fieldError('routingKey')}
        >
          <input
            required
            value={routingKey}
            disabled={Boolean(service)}
            pattern="[a-z0-9]+(-[a-z0-9]+)*"
            onChange={(event) => setRoutingKey(event.target.value)}
          />
        </Field>
        <Field label="Escalation policy" error={fieldError('escalationPolicyId')}>
          <select value={policyId} onChange={(event) => setPolicyId(event.target.value)}>
            <option value="">Team default</option>
            {policies.map((policy) => (
              <option key={policy.id} value={policy.id}>
                {policy.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label="Description" error={fieldError('description')}>
        <textarea
          rows={2}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
      </Field>
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
