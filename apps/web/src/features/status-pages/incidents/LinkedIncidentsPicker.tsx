import { useQuery } from '@tanstack/react-query';
import { LoadingState } from '../../../components/States.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useTRPC } from '../../../lib/trpc.ts';

/** How many recent incidents of the team are offered for linking. */
const LINKABLE_LIMIT = 30;

/**
 * Checkboxes for the team's recent internal incidents that a status incident reports on.
 * Links stay internal: the status page never shows them.
 */
export function LinkedIncidentsPicker({
  teamId,
  value,
  onChange,
  error,
}: {
  teamId: string;
  value: string[];
  onChange: (incidentIds: string[]) => void;
  error?: string | null;
}) {
  const trpc = useTRPC();
  const incidents = useQuery(
    trpc.incidents.list.queryOptions({ teamId, limit: LINKABLE_LIMIT }, { staleTime: 30_000 }),
  );
  const listed = new Set((incidents.data?.items ?? []).map((incident) => incident.id));
  const unlisted = value.filter((id) => !listed.has(id));
  const toggle = (incidentId: string, checked: boolean) =>
    onChange(checked ? [...value, incidentId] : value.filter((id) => id !== incidentId));

  return (
    <fieldset className={`choice-group${error ? ' field-invalid' : ''}`}>
      <legend>Linked internal incidents (optional)</legend>
      <p className="field-hint">For your team's reference; never shown on the status page.</p>
      {incidents.isPending ? (
        <LoadingState label="Loading recent incidents…" />
      ) : incidents.isError ? (
        <p className="inline-error">
          Recent incidents could not be loaded; links can be added later.
        </p>
      ) : incidents.data.items.length === 0 && unlisted.length === 0 ? (
        <p className="muted small">The team has no recent incidents.</p>
      ) : (
        <ul className="check-list check-list-scroll">
          {incidents.data.items.map((incident) => (
            <li key={incident.id}>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={value.includes(incident.id)}
                  onChange={(event) => toggle(incident.id, event.target.checked)}
                />
                <span>
                  <span className="incident-number">#{incident.number}</span> {incident.title}{' '}
                  <StatusBadge status={incident.status} />
                </span>
              </label>
            </li>
          ))}
          {unlisted.map((incidentId) => (
            <li key={incidentId}>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked
                  onChange={(event) => toggle(incidentId, event.target.checked)}
                />
                <span>
                  Older incident <span className="mono small">{incidentId}</span>
                </span>
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
