import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { InlineConfirm } from '../../../components/InlineConfirm.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { useStatusPageContext } from '../page-context.ts';
import { StatusLabelBadge } from '../StatusLabelBadge.tsx';
import { MAINTENANCE_STATE } from '../status-labels.ts';
import type { Maintenance } from '../types.ts';
import { MaintenanceForm } from './MaintenanceForm.tsx';
import { browserTimeZone, formatInZone } from './zoned-time.ts';

const FREQUENCY_WORDS = {
  daily: ['day', 'days'],
  weekly: ['week', 'weeks'],
  monthly: ['month', 'months'],
} as const;

/** Describes a repeat rule, e.g. "Repeats every 2 weeks until Sun, 1 Mar 2026, 02:00 CET". */
function describeRecurrence(maintenance: Maintenance): string {
  const rule = maintenance.recurrence;
  if (!rule) return 'Does not repeat';
  const [one, many] = FREQUENCY_WORDS[rule.frequency];
  const every = rule.interval === 1 ? `every ${one}` : `every ${rule.interval} ${many}`;
  const until = rule.until ? ` until ${formatInZone(rule.until, maintenance.timeZone)}` : '';
  return `Repeats ${every}${until}`;
}

/** Lists the page's maintenance windows. Team admins schedule, edit and cancel them here. */
export function MaintenancePanel() {
  const { page, access } = useStatusPageContext();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [includeFinished, setIncludeFinished] = useState(false);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const input = { pageId: page.id, includeFinished };
  const listKey = trpc.statusPages.maintenances.list.queryKey(input);
  const maintenances = useQuery(trpc.statusPages.maintenances.list.queryOptions(input));
  const cancel = useMutation(
    trpc.statusPages.maintenances.cancel.mutationOptions({
      onMutate: async ({ maintenanceId }) => {
        await queryClient.cancelQueries({ queryKey: listKey });
        const previous = queryClient.getQueryData(listKey);
        queryClient.setQueryData(listKey, (old) =>
          old?.map((maintenance) =>
            maintenance.id === maintenanceId
              ? {
                  ...maintenance,
                  state: maintenance.state === 'in_progress' ? 'completed' : 'cancelled',
                }
              : maintenance,
          ),
        );
        return { previous };
      },
      onError: (error, _input, context) => {
        if (context) queryClient.setQueryData(listKey, context.previous);
        toast.show('error', `The maintenance was not cancelled: ${errorMessage(error)}`);
      },
      onSuccess: (result) =>
        toast.show(
          'success',
          result.state === 'completed'
            ? 'Maintenance ended; subscribers are told it is complete.'
            : 'Maintenance cancelled.',
        ),
      onSettled: () => queryClient.invalidateQueries(trpc.statusPages.pathFilter()),
    }),
  );
  const componentName = (componentId: string) =>
    page.components.find((component) => component.id === componentId)?.name ?? 'Deleted component';
  const viewerZone = browserTimeZone();

  return (
    <section aria-labelledby="maintenance-title">
      <div className="section-header">
        <h2 id="maintenance-title">Maintenance</h2>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={includeFinished}
            onChange={(event) => setIncludeFinished(event.target.checked)}
          />
          Show completed and cancelled
        </label>
        {access.canConfigure && editing !== 'new' ? (
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            Schedule maintenance
          </button>
        ) : null}
      </div>
      {editing === 'new' ? <MaintenanceForm page={page} onDone={() => setEditing(null)} /> : null}
      {maintenances.isPending ? (
        <LoadingState label="Loading maintenance…" />
      ) : maintenances.isError ? (
        <ErrorState error={maintenances.error} onRetry={() => maintenances.refetch()} />
      ) : maintenances.data.length === 0 ? (
        <EmptyState
          title={includeFinished ? 'No maintenance on this page yet.' : 'No upcoming maintenance.'}
        >
          <p>
            Scheduled maintenance shows on the page ahead of time, puts its components under
            maintenance while it runs, and notifies subscribers before, at the start and at the end.
          </p>
        </EmptyState>
      ) : (
        <ul className="item-list" aria-label="Maintenance windows">
          {maintenances.data.map((maintenance) => {
            const open = maintenance.state === 'scheduled' || maintenance.state === 'in_progress';
            return (
              <li key={maintenance.id} className="item item-stacked">
                <div className="item-row">
                  <div>
                    <div className="row-badges">
                      <StatusLabelBadge label={MAINTENANCE_STATE[maintenance.state]} />
                    </div>
                    <strong>{maintenance.title}</strong>
                    <div className="small">
                      <time dateTime={maintenance.occurrenceStartsAt}>
                        {formatInZone(maintenance.occurrenceStartsAt, maintenance.timeZone)}
                      </time>{' '}
                      to{' '}
                      <time dateTime={maintenance.occurrenceEndsAt}>
                        {formatInZone(maintenance.occurrenceEndsAt, maintenance.timeZone)}
                      </time>
                    </div>
                    {maintenance.timeZone !== viewerZone ? (
                      <div className="muted small">
                        Your time: {formatDateTime(maintenance.occurrenceStartsAt)} to{' '}
                        {formatDateTime(maintenance.occurrenceEndsAt)}
                      </div>
                    ) : null}
                    <div className="row-meta">
                      <span>{describeRecurrence(maintenance)}</span>
                      <span>
                        {maintenance.notifyMinutesBefore > 0
                          ? `Reminder ${maintenance.notifyMinutesBefore} min before`
                          : 'No reminder'}
                      </span>
                      <span>
                        {maintenance.componentIds.length > 0
                          ? maintenance.componentIds.map(componentName).join(', ')
                          : 'No components named'}
                      </span>
                    </div>
                    {maintenance.body ? (
                      <p className="small template-body">{maintenance.body}</p>
                    ) : null}
                  </div>
                  {access.canConfigure && open ? (
                    <div className="item-actions actions-compact">
                      <button
                        type="button"
                        className="button button-small"
                        aria-expanded={editing === maintenance.id}
                        aria-label={`Edit ${maintenance.title}`}
                        onClick={() =>
                          setEditing(editing === maintenance.id ? null : maintenance.id)
                        }
                      >
                        Edit
                      </button>
                      {maintenance.state === 'in_progress' ? (
                        <InlineConfirm
                          label="End now"
                          question="End it now? Subscribers are told it is complete."
                          confirmLabel="End maintenance"
                          tone="danger"
                          disabled={cancel.isPending}
                          onConfirm={() => cancel.mutate({ maintenanceId: maintenance.id })}
                        />
                      ) : (
                        <InlineConfirm
                          label="Cancel maintenance"
                          question={
                            maintenance.recurrence
                              ? 'Cancel this window and every repeat? No notice is sent.'
                              : 'Cancel this window? No notice is sent.'
                          }
                          confirmLabel="Yes, cancel it"
                          tone="danger"
                          disabled={cancel.isPending}
                          onConfirm={() => cancel.mutate({ maintenanceId: maintenance.id })}
                        />
                      )}
                    </div>
                  ) : null}
                </div>
                {editing === maintenance.id ? (
                  <MaintenanceForm
                    page={page}
                    maintenance={maintenance}
                    onDone={() => setEditing(null)}
                  />
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
