import { randomUUID } from 'node:crypto';
import type { Db, RunbookVersion } from '@pagefree/db';
import type { z } from 'zod';
import type { Principal } from '../auth/principal.ts';
import { loadIncidentForPrincipal } from '../incidents/load-incident-for-change.ts';
import { ConflictError, NotFoundError } from '../shared/errors.ts';
import { loadRunbookForPrincipal, runbookServesTeam } from './access.ts';
import { validateParameters } from './parameters-schema.ts';
import { findApprovedVersion } from './runbook-view.ts';
import type { prepareRunInput } from './schemas.ts';

/** The confirmation shown before a manual run: the exact version and parameters. */
export interface RunConfirmation {
  incident: { id: string; number: number };
  runbook: { id: string; teamId: string | null };
  version: {
    id: string;
    version: number;
    name: string;
    description: string;
    timeoutSeconds: number;
    allowedHosts: string[];
    secretNames: string[];
    approvedBy: string | null;
    approvedAt: string | null;
  };
  parametersSchema: Record<string, unknown>;
  /** The parameters after validation, with the schema's defaults filled in. */
  parameters: Record<string, unknown>;
  /** Pass to `run`; repeating `run` with it does not start a second run. */
  confirmationId: string;
}

/**
 * Checks that the principal may run the runbook on the incident and that the parameters
 * are valid, and returns what the confirmation shows. Queues nothing.
 */
export async function prepareRun(
  db: Db,
  principal: Principal,
  input: z.output<typeof prepareRunInput>,
): Promise<RunConfirmation> {
  const { incident, version } = await loadRunTarget(
    db,
    principal,
    input.incidentId,
    input.runbookId,
  );
  const parameters = validateParameters(version.parameters_schema, input.parameters);
  return {
    incident: { id: incident.id, number: Number(incident.number) },
    runbook: { id: input.runbookId, teamId: incident.runbook_team_id },
    version: {
      id: version.id,
      version: version.version,
      name: version.name,
      description: version.description,
      timeoutSeconds: version.timeout_seconds,
      allowedHosts: version.allowed_hosts,
      secretNames: version.secret_names,
      approvedBy: version.approved_by,
      approvedAt: version.approved_at?.toISOString() ?? null,
    },
    parametersSchema: version.parameters_schema,
    parameters,
    confirmationId: randomUUID(),
  };
}

/**
 * Loads the incident (the principal must be a responder of its team) and the runbook's
 * approved version (the runbook must be the team's or global). Throws NotFound for a
 * runbook the team cannot use, and Conflict when no version is approved.
 */
export async function loadRunTarget(
  db: Db,
  principal: Principal,
  incidentId: string,
  runbookId: string,
): Promise<{
  incident: { id: string; number: string; team_id: string; runbook_team_id: string | null };
  version: RunbookVersion;
}> {
  const incident = await loadIncidentForPrincipal(db, principal, incidentId, {
    scope: 'incidents:write',
    role: 'RESPONDER',
  });
  const runbook = await loadRunbookForPrincipal(db, principal, runbookId, 'read');
  if (!runbookServesTeam(runbook.team_id, incident.team_id)) {
    throw new NotFoundError('Runbook', runbookId);
  }
  const version = await findApprovedVersion(db, runbookId);
  if (!version) {
    throw new ConflictError(
      'This runbook has no approved version yet; ask a platform admin to approve one.',
    );
  }
  return { incident: { ...incident, runbook_team_id: runbook.team_id }, version };
}
