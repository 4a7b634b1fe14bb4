import { skipToken, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.tsx';
import { useTRPC } from '../../../lib/trpc.ts';
import { useConfigTeam } from '../config-context.ts';
import { CreateIntegrationForm } from './CreateIntegrationForm.tsx';
import { IntegrationCard } from './IntegrationCard.tsx';

/** Integrations of one service of the team, chosen with the service picker. */
export function IntegrationsPanel() {
  const { team } = useConfigTeam();
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const services = useQuery(trpc.services.list.queryOptions({ teamId: team.id }));
  const service =
    services.data?.find((candidate) => candidate.id === params.get('service')) ??
    services.data?.[0];
  const integrations = useQuery(
    trpc.integrations.list.queryOptions(service ? { serviceId: service.id } : skipToken),
  );

  if (services.isPending) return <LoadingState label="Loading services…" />;
  if (services.isError)
    return <ErrorState error={services.error} onRetry={() => services.refetch()} />;
  if (!service) {
    return (
      <EmptyState title="This team has no services yet.">
        <p>Create a service first; integrations deliver alerts to a service.</p>
      </EmptyState>
    );
  }

  return (
    <section aria-labelledby="integrations-title">
      <div className="section-header">
        <h2 id="integrations-title">Integrations</h2>
        <label className="inline-label">
          Service
          <select
            value={service.id}
            onChange={(event) => {
              setCreating(false);
              setParams({ team: team.id, service: event.target.value }, { replace: true });
            }}
          >
            {services.data.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name}
              </option>
            ))}
          </select>
        </label>
        {!creating ? (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            New integration
          </button>
        ) : null}
      </div>
      {creating ? (
        <CreateIntegrationForm serviceId={service.id} onDone={() => setCreating(false)} />
      ) : null}
      {integrations.isPending ? (
        <LoadingState label="Loading integrations…" />
      ) : integrations.isError ? (
        <ErrorState error={integrations.error} onRetry={() => integrations.refetch()} />
      ) : integrations.data.length === 0 ? (
        <EmptyState title={`${service.name} has no integrations yet.`}>
          <p>Add one for each monitoring tool that should open incidents on this service.</p>
        </EmptyState>
      ) : (
        <div className="stack">
          {integrations.data.map((integration) => (
            <IntegrationCard key={integration.id} integration={integration} />
          ))}
        </div>
      )}
    </section>
  );
}
