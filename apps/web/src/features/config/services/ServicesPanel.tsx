import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.tsx';
import { useTRPC } from '../../../lib/trpc.ts';
import { useConfigTeam } from '../config-context.ts';
import { ServiceForm } from './ServiceForm.tsx';

/** Lists the team's services with their escalation policy and open incidents. */
export function ServicesPanel() {
  const { team } = useConfigTeam();
  const trpc = useTRPC();
  const services = useQuery(trpc.services.list.queryOptions({ teamId: team.id }));
  const policies = useQuery(trpc.escalationPolicies.list.queryOptions({ teamId: team.id }));
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const policyName = (id: string | null) =>
    id
      ? (policies.data?.find((policy) => policy.id === id)?.name ?? 'Unknown policy')
      : 'Team default';

  return (
    <section aria-labelledby="services-title">
      <div className="section-header">
        <h2 id="services-title">Services</h2>
        {editing !== 'new' ? (
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            New service
          </button>
        ) : null}
      </div>
      {editing === 'new' ? (
        <ServiceForm
          teamId={team.id}
          policies={policies.data ?? []}
          onDone={() => setEditing(null)}
        />
      ) : null}
      {services.isPending ? (
        <LoadingState label="Loading services…" />
      ) : services.isError ? (
        <ErrorState error={services.error} onRetry={() => services.refetch()} />
      ) : services.data.length === 0 ? (
        <EmptyState title="This team has no services yet.">
          <p>
            A service is what alerts are about, such as "Checkout API"; create one to add
            integrations.
          </p>
        </EmptyState>
      ) : (
        <ul className="item-list" aria-label="Services">
          {services.data.map((service) => (
            <li key={service.id} className="item item-stacked">
              <div className="item-row">
                <div>
                  <strong>{service.name}</strong>{' '}
                  <span className="mono muted">{service.routingKey}</span>
                  <div className="muted small">
                    Policy: {policyName(service.escalationPolicyId)} ·{' '}
                    <Link to={`/incidents?service=${service.id}`}>
                      {service.openIncidents} open incident{service.openIncidents === 1 ? '' : 's'}
                    </Link>
                  </div>
                  {service.description ? <p className="small">{service.description}</p> : null}
                </div>
                <div className="item-actions">
                  <Link
                    className="button button-small"
                    to={`../integrations?team=${team.id}&service=${service.id}`}
                  >
                    Integrations
                  </Link>
                  <button
                    type="button"
                    className="button button-small"
                    aria-expanded={editing === service.id}
                    onClick={() => setEditing(editing === service.id ? null : service.id)}
                  >
                    Edit
                  </button>
                </div>
              </div>
              {editing === service.id ? (
                <ServiceForm
                  teamId={team.id}
                  policies={policies.data ?? []}
                  service={service}
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
