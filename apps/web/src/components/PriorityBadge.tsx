import type { IncidentSummary } from '@pagefree/contracts';

/** Shows P1 to P5 as text; the colour only repeats the label. */
export function PriorityBadge({ priority }: { priority: IncidentSummary['priority'] }) {
  return (
    <span className={`badge priority priority-${priority.toLowerCase()}`} title="Priority">
      {priority}
    </span>
  );
}
