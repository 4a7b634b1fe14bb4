import type { IncidentSummary } from '@pagefree/contracts';

type Status = IncidentSummary['status'];

const LABELS: Record<Status, { icon: string; text: string }> = {
  triggered: { icon: '!', text: 'Triggered' },
  acknowledged: { icon: '◔', text: 'Acknowledged' },
  resolved: { icon: '✓', text: 'Resolved' },
};

/** Shows incident status as an icon and a word, so colour is never the only signal. */
export function StatusBadge({ status }: { status: Status }) {
  const label = LABELS[status];
  return (
    <span className={`badge status status-${status}`}>
      <span className="badge-icon" aria-hidden="true">
        {label.icon}
      </span>
      {label.text}
    </span>
  );
}
