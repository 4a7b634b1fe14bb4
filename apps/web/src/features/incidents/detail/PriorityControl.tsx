import type { IncidentSummary } from '@pagefree/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { InlineError } from '../../../components/States.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { useTRPC } from '../../../lib/trpc.ts';
import { PRIORITIES } from '../list/filters.ts';

/** Changes the priority as soon as another value is chosen. */
export function PriorityControl({ incident }: { incident: IncidentSummary }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const change = useMutation(
    trpc.incidents.changePriority.mutationOptions({
      onSuccess: (updated) => {
        queryClient.setQueryData(trpc.incidents.get.queryKey({ incidentId: updated.id }), (old) =>
          old ? { ...old, ...updated } : old,
        );
        toast.show('success', `Priority of #${updated.number} is now ${updated.priority}.`);
      },
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.incidents.pathFilter());
      },
    }),
  );

  return (
    <div className="control">
      <label htmlFor="priority-select">Priority</label>
      <select
        id="priority-select"
        value={change.isPending ? change.variables.priority : incident.priority}
        disabled={change.isPending}
        onChange={(event) =>
          change.mutate({
            incidentId: incident.id,
            priority: event.target.value as IncidentSummary['priority'],
          })
        }
      >
        {PRIORITIES.map((priority) => (
          <option key={priority} value={priority}>
            {priority}
          </option>
        ))}
      </select>
      <InlineError error={change.error} />
    </div>
  );
}
