import type { Priority, Severity } from '@pagefree/db';

const PRIORITY_BY_SEVERITY: Record<Severity, Priority> = {
  critical: 'P1',
  error: 'P2',
  warning: 'P3',
  info: 'P4',
};

/** The priority of a new incident: the source's own priority, else one derived from severity. */
export function incidentPriority(severity: Severity, sourcePriority: Priority | null): Priority {
  return sourcePriority ?? PRIORITY_BY_SEVERITY[severity];
}
