import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { SecretReveal } from '../../../components/SecretReveal.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { errorField, errorMessage } from '../../../lib/errors.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { FORMAT_LABELS, type IntegrationFormat } from './formats.ts';

/** Creates an integration and shows its signing secret once. */
export function CreateIntegrationForm({
  serviceId,
  onDone,
}: {
  serviceId: string;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState('');
  const [format, setFormat] = useState<IntegrationFormat>('alertmanager');
  const [signatureRequired, setSignatureRequired] = useState(false);
  const [signatureHeader, setSignatureHeader] = useState('x-pagefree-signature');
  const [signatureEncoding, setSignatureEncoding] = useState<'hex' | 'base64'>('hex');
  const [timestampHeader, setTimestampHeader] = useState('');
  const create = useMutation(
    trpc.integrations.create.mutationOptions({
      onSuccess: (result) => {
        toast.show('success', `Integration ${result.integration.name} created.`);
        void queryClient.invalidateQueries(trpc.integrations.list.queryFilter({ serviceId }));
      },
    }),
  );
  const field = errorField(create.error);
  const fieldError = (name: string) => (field === name ? errorMessage(create.error) : null);

  if (create.data) {
    return (
      <SecretReveal
        title={`Signing secret of ${create.data.integration.name}.`}
        secret={create.data.signingSecret}
        note="Senders sign the raw body with HMAC-SHA256 and this secret. You can rotate it later, but never read it again."
        onDone={onDone}
      />
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({
      serviceId,
      name,
      format,
      signatureRequired,
      signatureHeader,
      signatureEncoding,
      timestampHeader: timestampHeader.trim() || null,
    });
  }

  return (
    <form className="inline-form card" onSubmit={submit} aria-label="New integration">
      <div className="field-row">
        <Field label="Name" error={fieldError('name')}>
          <input
            required
            value={name}
            maxLength={100}
            onChange={(event) => setName(event.target.value)}
          />
        </Field>
        <Field label="Format" error={fieldError('format')}>
          <select
            value={format}
            onChange={(event) => setFormat(event.target.value as IntegrationFormat)}
          >
            {Object.entries(FORMAT_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={signatureRequired}
          onChange={(event) => setSignatureRequired(event.target.checked)}
        />
        Require an HMAC-SHA256 signature on every request
      </label>
      {signatureRequired ? (
        <div className="field-row">
          <Field label="Signature header" error={fieldError('signatureHeader')}>
            <input
              value={signatureHeader}
              onChange={(event) => setSignatureHeader(event.target.value)}
            />
          </Field>
          <Field label="Encoding">
            <select
              value={signatureEncoding}
              onChange={(event) => setSignatureEncoding(event.target.value as 'hex' | 'base64')}
            >
              <option value="hex">hex</option>
              <option value="base64">base64</option>
            </select>
          </Field>
          <Field
            label="Timestamp header (optional)"
            hint="When set, the signature covers '<timestamp>:<body>', which blocks replays."
            error={fieldError('timestampHeader')}
          >
            <input
              value={timestampHeader}
              onChange={(event) => setTimestampHeader(event.target.value)}
            />
          </Field>
        </div>
      ) : null}
      {create.error && !field ? (
        <p className="inline-error" role="alert">
          {errorMessage(create.error)}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create integration'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
