import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc.ts';
import {
  type IncidentFilters,
  isFiltered,
  PRIORITIES,
  type Priority,
  STATUS_FILTERS,
  type StatusFilter,
} from './filters.ts';

/** Status, team, service and priority filters; every control is a native, labelled input. */
export function IncidentFiltersBar({
  filters,
  onChange,
}: {
  filters: IncidentFilters;
  onChange: (filters: IncidentFilters) => void;
}) {
  const trpc = useTRPC();
  const teams = useQuery(trpc.teams.list.queryOptions(undefined, { staleTime: 300_000 }));
  const services = useQuery(
    trpc.services.list.queryOptions(filters.teamId ? { teamId: filters.teamId } : {}, {
      staleTime: 300_000,
    }),
  );

  function togglePriority(priority: Priority) {
    const priorities = filters.priorities.includes(priority)
      ? filters.priorities.filter((value) => value !== priority)
      : [...filters.priorities, priority].sort();
    onChange({ ...filters, priorities });
  }

  return (
    <search className="filters" aria-label="Filter incidents">
      <fieldset className="segmented">
        <legend className="visually-hidden">Status</legend>
        {STATUS_FILTERS.map((option) => (
          <label key={option.value} className="segment">
            <input
              type="radio"
              name="status"
              value={option.value}
              checked={filters.status === option.value}
              onChange={() => onChange({ ...filters, status: option.value as StatusFilter })}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </fieldset>

      <label className="filter-select">
        <span className="visually-hidden">Team</span>
        <select
          value={filters.teamId ?? ''}
          onChange={(event) =>
            onChange({ ...filters, teamId: event.target.value || null, serviceId: null })
          }
        >
          <option value="">All teams</option>
          {teams.data?.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </label>

      <label className="filter-select">
        <span className="visually-hidden">Service</span>
        <select
          value={filters.serviceId ?? ''}
          onChange={(event) => onChange({ ...filters, serviceId: event.target.value || null })}
        >
          <option value="">All services</option>
          {services.data?.map((service) => (
            <option key={service.id} value={service.id}>
              {service.name}
            </option>
          ))}
        </select>
      </label>

      <fieldset className="priority-toggles">
        <legend className="visually-hidden">Priority</legend>
        {PRIORITIES.map((priority) => (
          <button
            key={priority}
            type="button"
            className={`chip priority-${priority.toLowerCase()}`}
            aria-pressed={filters.priorities.includes(priority)}
            onClick={() => togglePriority(priority)}
          >
            {priority}
          </button>
        ))}
      </fieldset>

      {isFiltered(filters) ? (
        <button
          type="button"
          className="button button-small button-quiet"
          onClick={() =>
            onChange({ status: 'open', teamId: null, serviceId: null, priorities: [] })
          }
        >
          Clear filters
        </button>
      ) : null}
    </search>
  );
}
