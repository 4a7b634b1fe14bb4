import type { Db, RunbookVersion, RunbookVersionStatus } from '@pagefree/db';

/** A version as the console shows it, script included. Dates are ISO 8601 strings. */
export interface RunbookVersionView {
  id: string;
  runbookId: string;
  version: number;
  status: RunbookVersionStatus;
  name: string;
  description: string;
  script: string;
  parametersSchema: Record<string, unknown>;
  allowedHosts: string[];
  privateNetworkHosts: string[];
  secretNames: string[];
  timeoutSeconds: number;
  changeNote: string;
  createdBy: string | null;
  createdAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  deprecatedBy: string | null;
  deprecatedAt: string | null;
}

/** A version in lists: everything but the script and schema. */
export type RunbookVersionSummary = Omit<RunbookVersionView, 'script' | 'parametersSchema'>;

export interface RunbookSummary {
  id: string;
  /** Null for a global runbook. */
  teamId: string | null;
  name: string;
  description: string;
  latestVersion: { id: string; version: number; status: RunbookVersionStatus };
  approvedVersion: { id: string; version: number; approvedAt: string | null } | null;
  createdAt: string;
  updatedAt: string;
}

export function toVersionView(row: RunbookVersion): RunbookVersionView {
  return {
    id: row.id,
    runbookId: row.runbook_id,
    version: row.version,
    status: row.status,
    name: row.name,
    description: row.description,
    script: row.script,
    parametersSchema: row.parameters_schema,
    allowedHosts: row.allowed_hosts,
    privateNetworkHosts: row.private_network_hosts,
    secretNames: row.secret_names,
    timeoutSeconds: row.timeout_seconds,
    changeNote: row.change_note,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    approvedBy: row.approved_by,
    approvedAt: row.approved_at?.toISOString() ?? null,
    deprecatedBy: row.deprecated_by,
    deprecatedAt: row.deprecated_at?.toISOString() ?? null,
  };
}

export function toVersionSummary(row: RunbookVersion): RunbookVersionSummary {
  const { script: _script, parametersSchema: _schema, ...summary } = toVersionView(row);
  return summary;
}

/** The approved version of a runbook, or undefined when none is approved. */
export function findApprovedVersion(db: Db, runbookId: string) {
  return db
    .selectFrom('runbook_version')
    .selectAll()
    .where('runbook_id', '=', runbookId)
    .where('status', '=', 'APPROVED')
    .executeTakeFirst();
}

/**
 * Summaries of the given runbooks: name and description from the newest version, plus the
 * approved version if any. Returned in the order of `runbookIds`.
 */
export async function loadRunbookSummaries(
  db: Db,
  runbookIds: string[],
): Promise<RunbookSummary[]> {
  if (runbookIds.length === 0) return [];
  const runbooks = await db
    .selectFrom('runbook')
    .selectAll()
    .where('id', 'in', runbookIds)
    .execute();
  const versions = await db
    .selectFrom('runbook_version')
    .innerJoin('runbook', 'runbook.id', 'runbook_version.runbook_id')
    .select([
      'runbook_version.id',
      'runbook_version.runbook_id',
      'runbook_version.version',
      'runbook_version.status',
      'runbook_version.name',
      'runbook_version.description',
      'runbook_version.approved_at',
      'runbook.latest_version',
    ])
    .where('runbook_version.runbook_id', 'in', runbookIds)
    .where((eb) =>
      eb.or([
        eb('runbook_version.status', '=', 'APPROVED'),
        eb('runbook_version.version', '=', eb.ref('runbook.latest_version')),
      ]),
    )
    .execute();

  const byId = new Map(runbooks.map((runbook) => [runbook.id, runbook]));
  return runbookIds.flatMap((id) => {
    const runbook = byId.get(id);
    const latest = versions.find(
      (version) => version.runbook_id === id && version.version === version.latest_version,
    );
    if (!runbook || !latest) return [];
    const approved = versions.find(
      (version) => version.runbook_id === id && version.status === 'APPROVED',
    );
    return [
      {
        id,
        teamId: runbook.team_id,
        name: latest.name,
        description: latest.description,
        latestVersion: { id: latest.id, version: latest.version, status: latest.status },
        approvedVersion: approved
          ? {
              id: approved.id,
              version: approved.version,
              approvedAt: approved.approved_at?.toISOString() ?? null,
            }
          : null,
        createdAt: runbook.created_at.toISOString(),
        updatedAt: runbook.updated_at.toISOString(),
      },
    ];
  });
}
