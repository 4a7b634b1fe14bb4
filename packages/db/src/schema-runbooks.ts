/** Runbook automation tables: runbooks, their versions and executions. */
export type RunbookTables = Record<never, never>;
