import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { InlineConfirm } from '../../../components/InlineConfirm.tsx';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../components/States.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { type RouterOutputs, useTRPC } from '../../../lib/trpc.ts';
import { useCurrentUser } from '../../auth/session-context.tsx';
import { useCircuitUpdates } from '../executions/use-execution-updates.ts';
import { canEditRunbooks } from '../runbook-access.ts';
import { useDirectory } from '../use-directory.ts';
import { CircuitNotice } from './CircuitNotice.tsx';
import { RuleForm } from './RuleForm.tsx';

type Rule = RouterOutputs['runbooks']['rules']['list'][number];

/**
 * Automatic rules of one team: run runbook R when an incident of service S opens with a
 * matching priority and labels. Team admins manage them; members read them. The team's
 * circuit breaker state is shown on top, because it pauses every rule at once.
 */
export function RulesPanel() {
  const user = useCurrentUser();
  const directory = useDirectory();
  const [params, setParams] = useSearchParams();
  const teams = directory.teams;
  const team = teams.find((candidate) => candidate.id === params.get('team')) ?? teams[0];

  if (directory.teamsPending) return <LoadingState label="Loading your teams…" />;
  if (!team) {
    return (
      <EmptyState title="You are not in any team.">
        <p>Rules belong to a team's services; join a team to see them.</p>
      </EmptyState>
    );
  }
  return (
    <section aria-labelledby="rules-title">
      <div className="section-header">
        <h2 id="rules-title">Automatic rules</h2>
        {teams.length > 1 ? (
          <label className="inline-label">
            Team
            <select
              value={team.id}
              onChange={(event) => setParams({ team: event.target.value }, { replace: true })}
            >
              {teams.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span className="muted">Team: {team.name}</span>
        )}
      </div>
      <TeamRules key={team.id} teamId={team.id} canEdit={canEditRunbooks(user, team.id)} />
    </section>
  );
}

function TeamRules({ teamId, canEdit }: { teamId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const rules = useQuery(trpc.runbooks.rules.list.queryOptions({ teamId }));
  const services = useQuery(trpc.services.list.queryOptions({ teamId }));
  const runbooks = useQuery(trpc.runbooks.list.queryOptions({ teamId }));
  useCircuitUpdates(teamId);
  const serviceName = (id: string) =>
    services.data?.find((service) => service.id === id)?.name ?? 'Unknown service';
  const runbookName = (id: string) =>
    runbooks.data?.find((runbook) => runbook.id === id)?.name ?? 'Unknown runbook';

  return (
    <>
      <CircuitNotice teamId={teamId} showClosed />
      {canEdit && editing !== 'new' ? (
        <div className="form-actions section-actions">
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            New rule
          </button>
        </div>
      ) : null}
      {editing === 'new' ? (
        <RuleForm
          services={services.data ?? []}
          runbooks={runbooks.data ?? []}
          onDone={() => setEditing(null)}
        />
      ) : null}

      {rules.isPending ? (
        <LoadingState label="Loading rules…" />
      ) : rules.isError ? (
        <ErrorState error={rules.error} onRetry={() => rules.refetch()} />
      ) : rules.data.length === 0 ? (
        <EmptyState title="This team has no automatic rules.">
          <p>
            A rule starts an approved runbook when an incident opens on a service, for example
            collecting diagnostics for every P1 of the Checkout API.
          </p>
        </EmptyState>
      ) : (
        <ul className="item-list" aria-label="Automatic rules">
          {rules.data.map((rule) => (
            <li key={rule.id} className="item item-stacked">
              <RuleRow
                rule={rule}
                serviceName={serviceName(rule.serviceId)}
                runbookName={runbookName(rule.runbookId)}
                canEdit={canEdit}
                editing={editing === rule.id}
                onEdit={() => setEditing(editing === rule.id ? null : rule.id)}
              />
              {editing === rule.id ? (
                <RuleForm
                  rule={rule}
                  services={services.data ?? []}
                  runbooks={runbooks.data ?? []}
                  onDone={() => setEditing(null)}
                />
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function RuleRow({
  rule,
  serviceName,
  runbookName,
  canEdit,
  editing,
  onEdit,
}: {
  rule: Rule;
  serviceName: string;
  runbookName: string;
  canEdit: boolean;
  editing: boolean;
  onEdit: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const refresh = () => queryClient.invalidateQueries(trpc.runbooks.rules.pathFilter());
  const toggle = useMutation(
    trpc.runbooks.rules.update.mutationOptions({
      onSuccess: (updated) =>
        toast.show('success', `Rule ${updated.name} is ${updated.enabled ? 'on' : 'off'}.`),
      onSettled: refresh,
    }),
  );
  const remove = useMutation(
    trpc.runbooks.rules.delete.mutationOptions({
      onSuccess: () => toast.show('success', `Rule ${rule.name} deleted.`),
      onSettled: refresh,
    }),
  );
  const labels = Object.entries(rule.labels);
  const parameters = Object.entries(rule.parameters)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(', ');

  return (
    <>
      <div className="item-row">
        <div>
          <strong>{rule.name}</strong>{' '}
          <span className={`badge ${rule.enabled ? 'badge-on' : 'badge-off'}`}>
            <span aria-hidden="true">{rule.enabled ? '✓ ' : '○ '}</span>
            {rule.enabled ? 'On' : 'Off'}
          </span>
          <p className="small rule-sentence">
            When an incident of <strong>{serviceName}</strong> opens with{' '}
            {rule.priorities.length ? `priority ${rule.priorities.join(' or ')}` : 'any priority'}
            {labels.length
              ? ` and labels ${labels.map(([key, value]) => `${key}=${value}`).join(', ')}`
              : ''}
            , run <Link to={`/runbooks/${rule.runbookId}`}>{runbookName}</Link>
            {parameters ? (
              <>
                {' '}
                with <span className="mono">{parameters}</span>
              </>
            ) : null}
            .
          </p>
        </div>
        {canEdit ? (
          <div className="item-actions">
            <button
              type="button"
              className="button button-small"
              disabled={toggle.isPending}
              onClick={() => toggle.mutate({ ruleId: rule.id, enabled: !rule.enabled })}
            >
              {rule.enabled ? 'Turn off' : 'Turn on'}
            </button>
            <button
              type="button"
              className="button button-small"
              aria-expanded={editing}
              onClick={onEdit}
            >
              Edit
            </button>
            <InlineConfirm
              label="Delete"
              question="Delete this rule? Past runs stay."
              confirmLabel="Delete"
              tone="danger"
              disabled={remove.isPending}
              onConfirm={() => remove.mutate({ ruleId: rule.id })}
            />
          </div>
        ) : null}
      </div>
      <InlineError error={toggle.error ?? remove.error} />
    </>
  );
}
