import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Field } from '../../../components/Field.tsx';
import { EmptyState } from '../../../components/States.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { errorField, errorMessage } from '../../../lib/errors.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { useCurrentUser } from '../../auth/session-context.tsx';
import { isPlatformAdmin } from '../../auth/use-session.ts';
import { canAuthorRunbooks, canEditRunbooks } from '../runbook-access.ts';
import { useDirectory } from '../use-directory.ts';
import { RunbookEditor } from './RunbookEditor.tsx';
import { emptyDraft } from './runbook-draft.ts';

/** Owner value of a global runbook in the picker. */
const GLOBAL = 'global';

/** Creates a runbook; its first version is a draft until a platform admin approves it. */
export function NewRunbookPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const user = useCurrentUser();
  const directory = useDirectory();
  // Platform admins may write for every team; others only for the teams they administer.
  const owners = isPlatformAdmin(user)
    ? directory.teams
    : user.teams.filter((team) => canEditRunbooks(user, team.id));
  const [owner, setOwner] = useState('');
  const chosen = owner || owners[0]?.id || (isPlatformAdmin(user) ? GLOBAL : '');

  const create = useMutation(
    trpc.runbooks.create.mutationOptions({
      onSuccess: (created) => {
        toast.show('success', `Runbook ${created.version.name} created as draft v1.`);
        void queryClient.invalidateQueries(trpc.runbooks.pathFilter());
        navigate(`/runbooks/${created.runbookId}`);
      },
    }),
  );

  const canCreate = canAuthorRunbooks(user);
  return (
    <main className="page" id="main">
      <p className="back-link">
        <Link to="/runbooks">← Runbooks</Link>
      </p>
      <h1>New runbook</h1>
      {!canCreate ? (
        <EmptyState title="Only team admins and platform admins write runbooks.">
          <p>Ask an admin of your team to add the runbook you need.</p>
        </EmptyState>
      ) : (
        <>
          <p className="muted">
            Saving creates version 1 as a draft. A platform admin approves it before it can run;
            until then you can test it with a dry run.
          </p>
          <RunbookEditor
            initial={emptyDraft()}
            readOnly={false}
            submitLabel="Create draft"
            pending={create.isPending}
            error={create.error}
            onCancel={() => navigate('/runbooks')}
            onSubmit={(content) =>
              create.mutate({ ...content, teamId: chosen === GLOBAL ? null : chosen })
            }
            ownerControl={
              <Field
                label="Owning team"
                hint="Team runbooks run on that team's incidents; global ones on any team's."
                error={errorField(create.error) === 'teamId' ? errorMessage(create.error) : null}
              >
                <select value={chosen} onChange={(event) => setOwner(event.target.value)}>
                  {owners.map((team) => (
                    <option key={team.id} value={team.id}>
                      {team.name}
                    </option>
                  ))}
                  {isPlatformAdmin(user) ? (
                    <option value={GLOBAL}>Global (every team)</option>
                  ) : null}
                </select>
              </Field>
            }
          />
        </>
      )}
    </main>
  );
}
