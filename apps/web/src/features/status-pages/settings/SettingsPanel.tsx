import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { InlineConfirm } from '../../../components/InlineConfirm.tsx';
import { InlineError } from '../../../components/States.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { useTRPC } from '../../../lib/trpc.ts';
import { useStatusPageContext } from '../page-context.ts';
import { PageForm } from './PageForm.tsx';

/** Shows the page's settings. Team admins edit them and may delete the page. */
export function SettingsPanel() {
  const { page, access } = useStatusPageContext();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const [formVersion, setFormVersion] = useState(0);
  const remove = useMutation(
    trpc.statusPages.delete.mutationOptions({
      onSuccess: () => {
        toast.show('success', `Status page ${page.name} deleted.`);
        navigate('/status-pages', { replace: true });
        queryClient.removeQueries(trpc.statusPages.get.queryFilter({ pageId: page.id }));
        void queryClient.invalidateQueries(trpc.statusPages.list.pathFilter());
      },
    }),
  );

  if (!access.canConfigure) {
    return (
      <section aria-labelledby="settings-title">
        <h2 id="settings-title">Settings</h2>
        <dl className="facts card">
          <dt>Name</dt>
          <dd>{page.name}</dd>
          <dt>Slug</dt>
          <dd className="mono">{page.slug}</dd>
          <dt>Visibility</dt>
          <dd>{page.visibility === 'public' ? 'Public' : 'Private'}</dd>
          <dt>Time zone</dt>
          <dd>{page.timeZone}</dd>
          <dt>Description</dt>
          <dd>{page.description || '—'}</dd>
          <dt>Support URL</dt>
          <dd className="break">{page.supportUrl ?? '—'}</dd>
          <dt>Embedding allowed on</dt>
          <dd className="break">
            {page.frameAncestors.length > 0 ? page.frameAncestors.join(', ') : 'No other site'}
          </dd>
        </dl>
      </section>
    );
  }

  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      {/* Re-created after a save or a discard, so the form starts from the stored settings. */}
      <PageForm
        key={`${page.updatedAt}-${formVersion}`}
        page={page}
        cancelLabel="Discard changes"
        onDone={() => setFormVersion((version) => version + 1)}
      />
      <section className="card danger-zone" aria-labelledby="delete-page-title">
        <header className="card-header">
          <h3 id="delete-page-title">Delete this page</h3>
        </header>
        <p className="small">
          The public page, its history, incidents, maintenance and subscribers are deleted. This
          cannot be undone.
        </p>
        <InlineConfirm
          label="Delete status page"
          question={`Delete ${page.name} for good?`}
          confirmLabel="Delete status page"
          tone="danger"
          disabled={remove.isPending}
          onConfirm={() => remove.mutate({ pageId: page.id })}
        />
        <InlineError error={remove.error} />
      </section>
    </section>
  );
}
