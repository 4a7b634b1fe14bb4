import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { Field } from '../../../components/Field.tsx';
import { ErrorState, LoadingState } from '../../../components/States.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { useTRPC } from '../../../lib/trpc.ts';
import { RunbookEditor } from '../editor/RunbookEditor.tsx';
import { draftFromVersion } from '../editor/runbook-draft.ts';
import { SecretsPanel } from '../editor/SecretsPanel.tsx';
import { VersionStatusBadge } from '../RunbookBadges.tsx';
import { useDirectory } from '../use-directory.ts';
import { useRunbookContext } from './runbook-context.ts';

/**
 * Shows the newest version (or the one named by `?version=`) in the editor. Editors save a
 * new draft from it; everyone else reads it. Secrets are managed below the form.
 */
export function EditorPanel() {
  const { runbook, canEdit } = useRunbookContext();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const { ownerLabel } = useDirectory();
  const [params, setParams] = useSearchParams();
  const latest = runbook.latestVersion;
  const versionId = params.get('version') ?? latest.id;
  const version = useQuery(trpc.runbooks.version.queryOptions({ versionId }));

  const save = useMutation(
    trpc.runbooks.saveDraft.mutationOptions({
      onSuccess: (saved) => {
        toast.show('success', `Saved version ${saved.version} as a draft.`);
        setParams({}, { replace: true });
        void queryClient.invalidateQueries(trpc.runbooks.pathFilter());
      },
    }),
  );

  if (version.isPending) return <LoadingState label="Loading the script…" />;
  if (version.isError) {
    return <ErrorState error={version.error} onRetry={() => version.refetch()} />;
  }
  const displayed = version.data;
  const isLatest = displayed.id === latest.id;

  return (
    <section aria-labelledby="editor-title">
      <div className="section-header">
        <h2 id="editor-title">
          Version {displayed.version} <VersionStatusBadge status={displayed.status} />
        </h2>
      </div>
      {!isLatest ? (
        <p className="notice">
          You are looking at version {displayed.version}; the newest is version {latest.version}.{' '}
          {canEdit
            ? `Saving creates version ${latest.version + 1} from what is displayed here. `
            : ''}
          <Link to={`/runbooks/${runbook.id}`}>Show the newest version</Link>
        </p>
      ) : null}
      {!canEdit ? (
        <p className="notice">
          You can read this runbook. Only admins of its team (platform admins for a global runbook)
          can change it.
        </p>
      ) : null}
      <RunbookEditor
        key={`${displayed.id}:${latest.id}`}
        initial={draftFromVersion(displayed)}
        readOnly={!canEdit}
        submitLabel={`Save as draft v${latest.version + 1}`}
        pending={save.isPending}
        error={save.error}
        onSubmit={(content) =>
          save.mutate({ ...content, runbookId: runbook.id, baseVersionId: latest.id })
        }
        ownerControl={
          <Field label="Owning team" hint="Fixed once the runbook is created.">
            <input readOnly value={ownerLabel(runbook.teamId)} />
          </Field>
        }
        renderAfter={(secretNames) => (
          <SecretsPanel runbook={runbook} declared={secretNames} canEdit={canEdit} />
        )}
      />
    </section>
  );
}
