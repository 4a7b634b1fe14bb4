import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { errorField, errorMessage } from '../../../lib/errors.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { LevelEditor, type TargetOptions } from './LevelEditor.tsx';
import { move, newLevel, type PolicyDraft, policyFields } from './policy-draft.ts';

/**
 * Edits a policy's name, repeats and levels, and saves them in one request. The server
 * replaces all levels in one transaction, so a half-saved policy cannot page the wrong people.
 */
export function PolicyEditor({
  teamId,
  policyId,
  initial,
  options,
  onDone,
}: {
  teamId: string;
  /** Null creates a new policy. */
  policyId: string | null;
  initial: PolicyDraft;
  options: TargetOptions;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [draft, setDraft] = useState(initial);
  const onSuccess = () => {
    toast.show('success', `Escalation policy ${draft.name} saved.`);
    void queryClient.invalidateQueries(trpc.escalationPolicies.pathFilter());
    void queryClient.invalidateQueries(trpc.teams.list.queryFilter());
    onDone();
  };
  const create = useMutation(trpc.escalationPolicies.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.escalationPolicies.update.mutationOptions({ onSuccess }));
  const mutation = policyId ? update : create;
  const field = errorField(mutation.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (policyId) update.mutate({ policyId, ...policyFields(draft) });
    else create.mutate({ teamId, ...policyFields(draft) });
  }

  const setLevels = (levels: PolicyDraft['levels']) => setDraft({ ...draft, levels });

  return (
    <form
      className="policy-editor card"
      onSubmit={submit}
      aria-label={policyId ? `Edit ${initial.name}` : 'New escalation policy'}
    >
      <div className="field-row">
        <Field label="Name" error={field === 'name' ? errorMessage(mutation.error) : null}>
          <input
            required
            value={draft.name}
            maxLength={100}
            onChange={(event) => setDraft({ ...draft, name: event.target.value })}
          />
        </Field>
        <Field
          label="Repeat all levels"
          hint="How many more times to run the levels when nobody acknowledges (0 to 9)."
          error={field === 'repeatCount' ? errorMessage(mutation.error) : null}
        >
          <input
            type="number"
            min={0}
            max={9}
            value={draft.repeatCount}
            onChange={(event) => setDraft({ ...draft, repeatCount: Number(event.target.value) })}
          />
        </Field>
      </div>
      <Field label="Description">
        <textarea
          rows={2}
          value={draft.description}
          onChange={(event) => setDraft({ ...draft, description: event.target.value })}
        />
      </Field>

      <div className="levels">
        {draft.levels.map((level, index) => (
          <LevelEditor
            key={level.key}
            level={level}
            index={index}
            count={draft.levels.length}
            options={options}
            onChange={(changed) =>
              setLevels(draft.levels.map((item, i) => (i === index ? changed : item)))
            }
            onMove={(direction) => setLevels(move(draft.levels, index, direction))}
            onRemove={() => setLevels(draft.levels.filter((_, i) => i !== index))}
          />
        ))}
      </div>
      <button
        type="button"
        className="button"
        disabled={draft.levels.length >= 10}
        onClick={() => setLevels([...draft.levels, newLevel()])}
      >
        Add level
      </button>

      {mutation.error && field !== 'name' && field !== 'repeatCount' ? (
        <p className="inline-error" role="alert">
          {errorMessage(mutation.error)}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={mutation.isPending}>
          {mutation.isPending ? 'Saving…' : 'Save policy'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
