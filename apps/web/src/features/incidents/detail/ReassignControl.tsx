import type { IncidentSummary } from '@pagefree/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { InlineError } from '../../../components/States.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { useTRPC } from '../../../lib/trpc.ts';

/**
 * Reassigns the incident to a responder or admin of its team. The server pages the new
 * assignee at once on every channel, so the button is labelled "Reassign and page".
 */
export function ReassignControl({ incident }: { incident: IncidentSummary }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [assigneeId, setAssigneeId] = useState('');
  const members = useQuery(trpc.teams.members.queryOptions({ teamId: incident.teamId }));
  const reassign = useMutation(
    trpc.incidents.reassign.mutationOptions({
      onSuccess: (updated) => {
        setAssigneeId('');
        queryClient.setQueryData(trpc.incidents.get.queryKey({ incidentId: updated.id }), (old) =>
          old ? { ...old, ...updated } : old,
        );
        toast.show(
          'success',
          `#${updated.number} reassigned to ${updated.assignee?.name}; paging them now.`,
        );
      },
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.incidents.pathFilter());
      },
    }),
  );

  const candidates = (members.data ?? []).filter(
    (member) => member.active && member.role !== 'OBSERVER' && member.id !== incident.assignee?.id,
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    if (assigneeId) reassign.mutate({ incidentId: incident.id, assigneeId });
  }

  if (incident.status === 'resolved') return null;
  return (
    <form className="control" onSubmit={submit}>
      <label htmlFor="assignee-select">Reassign to</label>
      <div className="control-row">
        <select
          id="assignee-select"
          value={assigneeId}
          onChange={(event) => setAssigneeId(event.target.value)}
          disabled={members.isPending || reassign.isPending}
        >
          <option value="">
            {members.isPending
              ? 'Loading team members…'
              : candidates.length
                ? 'Choose a responder'
                : 'No other responders in this team'}
          </option>
          {candidates.map((member) => (
            <option key={member.id} value={member.id}>
              {member.name} ({member.role === 'TEAM_ADMIN' ? 'admin' : 'responder'})
            </option>
          ))}
        </select>
        <button type="submit" className="button" disabled={!assigneeId || reassign.isPending}>
          {reassign.isPending ? 'Reassigning…' : 'Reassign and page'}
        </button>
      </div>
      <InlineError error={members.error ?? reassign.error} />
    </form>
  );
}
