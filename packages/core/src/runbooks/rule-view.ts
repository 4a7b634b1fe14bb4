import type { Priority, RunbookRule } from '@pagefree/db';

export interface RunbookRuleView {
  id: string;
  teamId: string;
  serviceId: string;
  runbookId: string;
  name: string;
  priorities: Priority[];
  labels: Record<string, string>;
  parameters: Record<string, unknown>;
  enabled: boolean;
  activeSince: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toRuleView(row: RunbookRule): RunbookRuleView {
  return {
    id: row.id,
    teamId: row.team_id,
    serviceId: row.service_id,
    runbookId: row.runbook_id,
    name: row.name,
    priorities: row.priorities,
    labels: row.labels,
    parameters: row.parameters,
    enabled: row.enabled,
    activeSince: row.active_since.toISOString(),
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
