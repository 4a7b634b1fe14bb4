import { LoadingState } from '../../../components/States.tsx';
import type { RouterOutputs } from '../../../lib/trpc.ts';

type Service = RouterOutputs['services']['list'][number];

/**
 * Checkboxes for the internal services a component follows. A mapped service outside the
 * list (another team's, mapped by a platform admin) stays listed, so saving keeps it.
 */
export function ServicePicker({
  services,
  value,
  onChange,
  error,
}: {
  /** The team's services; undefined while they load. */
  services: Service[] | undefined;
  value: string[];
  onChange: (serviceIds: string[]) => void;
  error?: string | null;
}) {
  const known = new Set((services ?? []).map((service) => service.id));
  const others = value.filter((id) => !known.has(id));
  const toggle = (serviceId: string, checked: boolean) =>
    onChange(checked ? [...value, serviceId] : value.filter((id) => id !== serviceId));

  return (
    <fieldset className={`choice-group${error ? ' field-invalid' : ''}`}>
      <legend>Internal services</legend>
      <p className="field-hint">
        Open incidents on these services set the component's status. Their names are never
        published.
      </p>
      {services === undefined ? (
        <LoadingState label="Loading the team's services…" />
      ) : services.length === 0 && others.length === 0 ? (
        <p className="muted small">
          This team has no services yet; the component follows status incidents and maintenance
          only.
        </p>
      ) : (
        <ul className="check-list">
          {services.map((service) => (
            <li key={service.id}>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={value.includes(service.id)}
                  onChange={(event) => toggle(service.id, event.target.checked)}
                />
                {service.name}
              </label>
            </li>
          ))}
          {others.map((serviceId) => (
            <li key={serviceId}>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked
                  onChange={(event) => toggle(serviceId, event.target.checked)}
                />
                Service of another team <span className="mono small">{serviceId}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
