import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { errorField, errorMessage } from '../../../lib/errors.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { TokenReveal } from './TokenReveal.tsx';

/** Issues an access token under one grant and shows it once. */
export function CreateTokenForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const grants = useQuery(trpc.partners.grants.list.queryOptions({ includeRevoked: false }));
  const pages = useQuery(trpc.partners.pages.list.queryOptions());
  const [grantId, setGrantId] = useState('');
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const create = useMutation(
    trpc.partners.tokens.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.partners.pathFilter()),
    }),
  );
  const grant = grants.data?.find((candidate) => candidate.id === grantId) ?? grants.data?.[0];
  const maxDays = pages.data?.find((page) => page.id === grant?.pageId)?.tokenMaxDays ?? 90;
  const field = errorField(create.error);
  const fieldError = (name: string) => (field === name ? errorMessage(create.error) : null);

  if (create.data) {
    return (
      <TokenReveal
        result={create.data}
        title={`Access token “${create.data.accessToken.name}”.`}
        onDone={onDone}
      />
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!grant) return;
    create.mutate({ grantId: grant.id, name, expiresInDays: days ? Number(days) : undefined });
  }

  if (grants.isSuccess && grants.data.length === 0) {
    return (
      <p className="notice">
        Tokens belong to a partner's access to one page. Give a partner access on the Pages and
        access tab first.
      </p>
    );
  }
  return (
    <form className="inline-form card" onSubmit={submit} aria-label="New access token">
      <div className="field-row">
        <Field label="Partner and page" error={fieldError('grantId')}>
          <select value={grant?.id ?? ''} onChange={(event) => setGrantId(event.target.value)}>
            {(grants.data ?? []).map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.partnerName} · {candidate.pageName}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Name" hint="What uses it, e.g. Grafana dashboard." error={fieldError('name')}>
          <input
            required
            maxLength={100}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </Field>
        <Field
          label="Expires after (days)"
          hint={`At most ${maxDays} days for this page; empty means ${maxDays}.`}
          error={fieldError('expiresInDays')}
        >
          <input
            type="number"
            min={1}
            max={maxDays}
            value={days}
            placeholder={String(maxDays)}
            onChange={(event) => setDays(event.target.value)}
          />
        </Field>
      </div>
      {create.error && !field ? (
        <p className="inline-error" role="alert">
          {errorMessage(create.error)}
        </p>
      ) : null}
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={create.isPending || !grant}
        >
          {create.isPending ? 'Creating…' : 'Create token'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
