import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { InlineConfirm } from '../../../components/InlineConfirm.tsx';
import { InlineError } from '../../../components/States.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { errorField, errorMessage } from '../../../lib/errors.ts';
import { formatDateTime, formatRelative } from '../../../lib/format.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { useNow } from '../../../lib/use-now.ts';
import type { RunbookDetail } from '../detail/runbook-context.ts';

/** Secret values must be at least this long, so the server can mask them in output. */
const MIN_SECRET_LENGTH = 8;

/**
 * Lists the runbook's secrets by name with whether a value is stored. Values are write-only:
 * editors set or replace one here, and no screen or API ever shows it again.
 */
export function SecretsPanel({
  runbook,
  declared,
  canEdit,
}: {
  runbook: RunbookDetail;
  /** Names in the form's secret names field, as typed. */
  declared: string[];
  canEdit: boolean;
}) {
  const now = useNow();
  const stored = new Map(runbook.secrets.map((secret) => [secret.name, secret.updatedAt]));
  const names = [...new Set([...declared, ...stored.keys()])].sort();

  return (
    <section className="secrets" aria-labelledby="secrets-title">
      <h3 id="secrets-title">Secret values</h3>
      <p className="muted small">
        Values are encrypted when saved and never shown again, not even to admins. A run reads them
        as secrets.NAME; dry runs get none.
      </p>
      {names.length === 0 ? (
        <p className="muted">
          No secret names yet. Add them under Secret names above to set their values.
        </p>
      ) : (
        <ul className="item-list" aria-label="Secrets">
          {names.map((name) => {
            const updatedAt = stored.get(name);
            return (
              <li key={name} className="item item-stacked">
                <SecretRow
                  runbookId={runbook.id}
                  name={name}
                  canEdit={canEdit}
                  status={
                    updatedAt ? (
                      <span className="badge badge-on">
                        <span className="badge-icon" aria-hidden="true">
                          ✓
                        </span>
                        Value set{' '}
                        <time dateTime={updatedAt} title={formatDateTime(updatedAt)}>
                          {formatRelative(updatedAt, now)}
                        </time>
                      </span>
                    ) : (
                      <span className="badge badge-bad">
                        <span className="badge-icon" aria-hidden="true">
                          !
                        </span>
                        No value; runs fail until one is set
                      </span>
                    )
                  }
                  hasValue={Boolean(updatedAt)}
                  unused={!declared.includes(name)}
                />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function SecretRow({
  runbookId,
  name,
  canEdit,
  status,
  hasValue,
  unused,
}: {
  runbookId: string;
  name: string;
  canEdit: boolean;
  status: ReactNode;
  hasValue: boolean;
  unused: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const refresh = () => queryClient.invalidateQueries(trpc.runbooks.get.queryFilter({ runbookId }));

  const set = useMutation(
    trpc.runbooks.secrets.set.mutationOptions({
      onSuccess: () => {
        setValue('');
        setEditing(false);
        toast.show('success', `Value of ${name} saved.`);
        void refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.runbooks.secrets.delete.mutationOptions({
      onSuccess: () => {
        toast.show('success', `Value of ${name} deleted.`);
        void refresh();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    set.mutate({ runbookId, name, value });
  }

  return (
    <>
      <div className="item-row">
        <div>
          <code>{name}</code> {status}
          {unused ? <div className="muted small">Not among the secret names above.</div> : null}
        </div>
        {canEdit ? (
          <div className="item-actions">
            <button
              type="button"
              className="button button-small"
              aria-expanded={editing}
              onClick={() => setEditing((open) => !open)}
            >
              {hasValue ? `Replace ${name}` : `Set ${name}`}
            </button>
            {hasValue ? (
              <InlineConfirm
                label={`Delete ${name}`}
                question="Runs that read it will fail. Delete the value?"
                confirmLabel="Delete"
                tone="danger"
                disabled={remove.isPending}
                onConfirm={() => remove.mutate({ runbookId, name })}
              />
            ) : null}
          </div>
        ) : null}
      </div>
      {editing ? (
        <form className="inline-form" onSubmit={submit} aria-label={`Value of ${name}`}>
          <Field
            label={`New value of ${name}`}
            hint={`At least ${MIN_SECRET_LENGTH} characters. It is stored encrypted and cannot be read back.`}
            error={errorField(set.error) === 'value' ? errorMessage(set.error) : null}
          >
            <input
              type="password"
              autoComplete="new-password"
              required
              minLength={MIN_SECRET_LENGTH}
              value={value}
              onChange={(event) => setValue(event.target.value)}
            />
          </Field>
          {set.error && errorField(set.error) !== 'value' ? (
            <InlineError error={set.error} />
          ) : null}
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={set.isPending}>
              {set.isPending ? 'Saving…' : 'Save value'}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setValue('');
                setEditing(false);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      <InlineError error={remove.error} />
    </>
  );
}
