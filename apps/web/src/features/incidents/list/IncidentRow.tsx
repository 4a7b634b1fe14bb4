import type { IncidentSummary } from '@pagefree/contracts';
import { Link } from 'react-router';
import { PriorityBadge } from '../../../components/PriorityBadge.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { formatDateTime, formatRelative } from '../../../lib/format.ts';

/**
 * Renders one incident of the dashboard: select box, status, priority, title, service,
 * assignee and age, with Acknowledge and Resolve where they apply.
 */
export function IncidentRow({
  incident,
  now,
  selected,
  onSelect,
  onAcknowledge,
  onResolve,
  busy,
}: {
  incident: IncidentSummary;
  now: number;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  onAcknowledge: () => void;
  onResolve: () => void;
  busy: boolean;
}) {
  return (
    <li className={`incident-row status-row-${incident.status}`} data-incident-id={incident.id}>
      <input
        type="checkbox"
        className="row-select"
        checked={selected}
        onChange={(event) => onSelect(event.target.checked)}
        aria-label={`Select incident #${incident.number}`}
      />
      <div className="row-badges">
        <StatusBadge status={incident.status} />
        <PriorityBadge priority={incident.priority} />
      </div>
      <div className="row-main">
        <Link to={`/incidents/${incident.id}`} className="row-title">
          <span className="incident-number">#{incident.number}</span> {incident.title}
        </Link>
        <div className="row-meta">
          <span>{incident.service.name}</span>
          <span>{incident.assignee ? incident.assignee.name : 'Unassigned'}</span>
          <time dateTime={incident.createdAt} title={formatDateTime(incident.createdAt)}>
            {formatRelative(incident.createdAt, now)}
          </time>
          {incident.alertCount > 1 ? <span>{incident.alertCount} alerts</span> : null}
        </div>
      </div>
      <div className="row-actions">
        {incident.status === 'triggered' ? (
          <button
            type="button"
            className="button button-primary button-small"
            onClick={onAcknowledge}
            disabled={busy}
            aria-label={`Acknowledge #${incident.number}`}
          >
            Acknowledge
          </button>
        ) : null}
        {incident.status !== 'resolved' ? (
          <button
            type="button"
            className="button button-small"
            onClick={onResolve}
            disabled={busy}
            aria-label={`Resolve #${incident.number}`}
          >
            Resolve
          </button>
        ) : null}
      </div>
    </li>
  );
}
