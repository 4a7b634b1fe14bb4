import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { InlineConfirm } from '../../../components/InlineConfirm.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { useStatusPageContext } from '../page-context.ts';
import { StatusLabelBadge } from '../StatusLabelBadge.tsx';
import { INCIDENT_STATUS } from '../status-labels.ts';
import { TemplateForm } from './TemplateForm.tsx';

/** Lists prepared wording for status incidents and updates, so responders edit instead of writing from scratch. */
export function TemplatesPanel() {
  const { page, access } = useStatusPageContext();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const listKey = trpc.statusPages.templates.list.queryKey({ pageId: page.id });
  const templates = useQuery(trpc.statusPages.templates.list.queryOptions({ pageId: page.id }));
  const remove = useMutation(
    trpc.statusPages.templates.delete.mutationOptions({
      onMutate: async ({ templateId }) => {
        await queryClient.cancelQueries({ queryKey: listKey });
        const previous = queryClient.getQueryData(listKey);
        queryClient.setQueryData(listKey, (old) =>
          old?.filter((template) => template.id !== templateId),
        );
        return { previous };
      },
      onError: (error, _input, context) => {
        if (context) queryClient.setQueryData(listKey, context.previous);
        toast.show('error', `The template was not deleted: ${errorMessage(error)}`);
      },
      onSuccess: () => toast.show('success', 'Template deleted.'),
      onSettled: () => queryClient.invalidateQueries({ queryKey: listKey }),
    }),
  );

  return (
    <section aria-labelledby="templates-title">
      <div className="section-header">
        <h2 id="templates-title">Templates</h2>
        {access.canConfigure && editing !== 'new' ? (
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            New template
          </button>
        ) : null}
      </div>
      {editing === 'new' ? <TemplateForm pageId={page.id} onDone={() => setEditing(null)} /> : null}
      {templates.isPending ? (
        <LoadingState label="Loading templates…" />
      ) : templates.isError ? (
        <ErrorState error={templates.error} onRetry={() => templates.refetch()} />
      ) : templates.data.length === 0 ? (
        <EmptyState title="No templates yet.">
          <p>
            A template holds a title, message and status for a situation you expect, such as
            "Payments degraded". Pick it when publishing an incident or posting an update.
          </p>
        </EmptyState>
      ) : (
        <ul className="item-list" aria-label="Templates">
          {templates.data.map((template) => (
            <li key={template.id} className="item item-stacked">
              <div className="item-row">
                <div>
                  <strong>{template.name}</strong>{' '}
                  <StatusLabelBadge label={INCIDENT_STATUS[template.status]} />
                  <div className="small">{template.title}</div>
                  <p className="muted small template-body">{template.body}</p>
                </div>
                {access.canConfigure ? (
                  <div className="item-actions actions-compact">
                    <button
                      type="button"
                      className="button button-small"
                      aria-expanded={editing === template.id}
                      aria-label={`Edit template ${template.name}`}
                      onClick={() => setEditing(editing === template.id ? null : template.id)}
                    >
                      Edit
                    </button>
                    <InlineConfirm
                      label="Delete"
                      question={`Delete the template ${template.name}?`}
                      confirmLabel="Delete template"
                      tone="danger"
                      disabled={remove.isPending}
                      onConfirm={() => remove.mutate({ templateId: template.id })}
                    />
                  </div>
                ) : null}
              </div>
              {editing === template.id ? (
                <TemplateForm
                  pageId={page.id}
                  template={template}
                  onDone={() => setEditing(null)}
                />
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
