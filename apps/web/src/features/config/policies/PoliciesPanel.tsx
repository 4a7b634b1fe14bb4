import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../components/States.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { useTRPC } from '../../../lib/trpc.ts';
import { useConfigTeam } from '../config-context.ts';
import type { TargetOptions } from './LevelEditor.tsx';
import { PolicyEditor } from './PolicyEditor.tsx';
import { draftFromPolicy, emptyDraft } from './policy-draft.ts';

/** Lists the team's escalation policies, marks the default, and opens the level editor. */
export function PoliciesPanel() {
  const { team } = useConfigTeam();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const policies = useQuery(trpc.escalationPolicies.list.queryOptions({ teamId: team.id }));
  const options = useTargetOptions(team.id);
  const selected = useQuery(
    trpc.escalationPolicies.get.queryOptions(
      editing && editing !== 'new' ? { policyId: editing } : skipToken,
    ),
  );
  const setDefault = useMutation(
    trpc.teams.setDefaultEscalationPolicy.mutationOptions({
      onSuccess: () => toast.show('success', 'Team default policy changed.'),
      onSettled: () => queryClient.invalidateQueries(trpc.teams.list.queryFilter()),
    }),
  );

  return (
    <section aria-labelledby="policies-title">
      <div className="section-header">
        <h2 id="policies-title">Escalation policies</h2>
        {editing === null ? (
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            New policy
          </button>
        ) : null}
      </div>

      {editing === 'new' ? (
        <PolicyEditor
          teamId={team.id}
          policyId={null}
          initial={emptyDraft()}
          options={options}
          onDone={() => setEditing(null)}
        />
      ) : null}
      {editing && editing !== 'new' ? (
        selected.isPending ? (
          <LoadingState label="Loading the policy…" />
        ) : selected.isError ? (
          <ErrorState error={selected.error} onRetry={() => selected.refetch()} />
        ) : (
          <PolicyEditor
            key={selected.data.id}
            teamId={team.id}
            policyId={selected.data.id}
            initial={draftFromPolicy(selected.data)}
            options={options}
            onDone={() => setEditing(null)}
          />
        )
      ) : null}

      {policies.isPending ? (
        <LoadingState label="Loading escalation policies…" />
      ) : policies.isError ? (
        <ErrorState error={policies.error} onRetry={() => policies.refetch()} />
      ) : policies.data.length === 0 ? (
        <EmptyState title="This team has no escalation policy.">
          <p>Without one, incidents open but page nobody. Create a policy to start paging.</p>
        </EmptyState>
      ) : (
        <ul className="item-list" aria-label="Escalation policies">
          {policies.data.map((policy) => {
            const isDefault = team.defaultEscalationPolicyId === policy.id;
            return (
              <li key={policy.id} className="item">
                <div>
                  <strong>{policy.name}</strong>
                  {isDefault ? <span className="badge badge-on">Team default</span> : null}
                  <div className="muted small">
                    {policy.repeatCount === 0
                      ? 'Runs its levels once'
                      : `Repeats ${policy.repeatCount} time${policy.repeatCount === 1 ? '' : 's'}`}
                    {policy.description ? ` · ${policy.description}` : ''}
                  </div>
                </div>
                <div className="item-actions">
                  {!isDefault ? (
                    <button
                      type="button"
                      className="button button-small"
                      disabled={setDefault.isPending}
                      onClick={() =>
                        setDefault.mutate({ teamId: team.id, escalationPolicyId: policy.id })
                      }
                    >
                      Make default
                    </button>
                  ) : null}
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => setEditing(policy.id)}
                    disabled={editing === policy.id}
                  >
                    Edit levels
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <InlineError error={setDefault.error} />
    </section>
  );
}

/** Loads whom a level can page: the team's active members, its schedules, and the user's visible teams. */
function useTargetOptions(teamId: string): TargetOptions {
  const trpc = useTRPC();
  const members = useQuery(trpc.teams.members.queryOptions({ teamId }));
  const schedules = useQuery(trpc.schedules.list.queryOptions({ teamId }));
  const teams = useQuery(trpc.teams.list.queryOptions());
  return {
    user: (members.data ?? []).filter((member) => member.active),
    schedule: schedules.data ?? [],
    team: teams.data ?? [],
  };
}
