import {
  type Db,
  type RunbookRuleOutcome,
  type RunbookVersion,
  withTransaction,
} from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { SYSTEM_ACTOR } from '../auth/principal.ts';
import { ValidationError } from '../shared/errors.ts';
import { circuitOpenUntil } from './circuit-breaker.ts';
import { labelsMatch } from './incident-labels.ts';
import { validateParameters } from './parameters-schema.ts';
import { queueExecution } from './queue-execution.ts';
import { incidentLabels } from './run-input.ts';
import { findApprovedVersion } from './runbook-view.ts';
import type { RunbookWorkerDeps } from './worker-deps.ts';

/** Incidents older than this are not evaluated, even by a rule the scan has not seen yet. */
const LOOKBACK_MS = 60 * 60 * 1000;
const BATCH = 200;

export interface RuleScanResult {
  evaluated: number;
  queued: number;
}

/**
 * Evaluates enabled rules against incidents opened since each rule became active, once per
 * (rule, incident). A `runbook_rule_evaluation` row records the outcome, and the run's unique
 * trigger key (`rule:<id>`) would stop a second run even without it.
 *
 * The worker calls this on a timer, after ingestion committed the incident. Ingestion and
 * paging therefore never wait for a rule, and an error while evaluating one rule is logged
 * and leaves the others alone. While the team's circuit breaker is open, a matching rule
 * records a CANCELLED run instead.
 */
export async function scanRunbookRules(deps: RunbookWorkerDeps): Promise<RuleScanResult> {
  const now = deps.clock.now();
  const candidates = await deps.db
    .selectFrom('runbook_rule as rule')
    .innerJoin('incident', (join) =>
      join
        .onRef('incident.service_id', '=', 'rule.service_id')
        .onRef('incident.created_at', '>=', 'rule.active_since'),
    )
    .leftJoin('runbook_rule_evaluation as evaluation', (join) =>
      join
        .onRef('evaluation.rule_id', '=', 'rule.id')
        .onRef('evaluation.incident_id', '=', 'incident.id'),
    )
    .select([
      'rule.id as rule_id',
      'rule.runbook_id',
      'rule.priorities',
      'rule.labels',
      'rule.parameters',
      'incident.id as incident_id',
      'incident.team_id',
      'incident.priority',
    ])
    .where('rule.enabled', '=', true)
    .where('incident.created_at', '>=', new Date(now.getTime() - LOOKBACK_MS))
    .where('evaluation.rule_id', 'is', null)
    .orderBy('incident.created_at')
    .limit(BATCH)
    .execute();

  let queued = 0;
  for (const candidate of candidates) {
    try {
      const outcome = await evaluate(deps, candidate, now);
      if (outcome === 'queued') queued += 1;
    } catch (error) {
      deps.logger.error(
        { err: error, ruleId: candidate.rule_id, incidentId: candidate.incident_id },
        'Evaluating a runbook rule failed; it is tried again on the next pass',
      );
    }
  }
  return { evaluated: candidates.length, queued };
}

type Candidate = {
  rule_id: string;
  runbook_id: string;
  priorities: string[];
  labels: Record<string, string>;
  parameters: Record<string, unknown>;
  incident_id: string;
  team_id: string;
  priority: string;
};

async function evaluate(
  deps: RunbookWorkerDeps,
  candidate: Candidate,
  now: Date,
): Promise<RunbookRuleOutcome | null> {
  return withTransaction(deps.db, async (trx) => {
    // Claims the pair; another worker evaluating it at the same moment finds the row taken.
    const claimed = await trx
      .insertInto('runbook_rule_evaluation')
      .values({
        rule_id: candidate.rule_id,
        incident_id: candidate.incident_id,
        outcome: 'not_matched',
        evaluated_at: now,
      })
      .onConflict((conflict) => conflict.columns(['rule_id', 'incident_id']).doNothing())
      .returning('rule_id')
      .executeTakeFirst();
    if (!claimed) return null;

    const decision = await decide(trx, candidate, now);
    if (decision.outcome === 'queued' || decision.outcome === 'circuit_open') {
      const open = decision.outcome === 'circuit_open';
      const { executionId, created } = await queueExecution(trx, {
        version: decision.version,
        incident: { id: candidate.incident_id, team_id: candidate.team_id },
        trigger: {
          type: 'rule',
          key: `rule:${candidate.rule_id}`,
          userId: null,
          ruleId: candidate.rule_id,
          rerunOf: null,
        },
        parameters: decision.parameters,
        dryRun: false,
        status: open ? 'CANCELLED' : 'QUEUED',
        ...(decision.outcome === 'circuit_open' && {
          error: {
            code: 'circuit_open',
            message: `Automatic runs for this team are paused until ${decision.openUntil.toISOString()} because most recent runs failed.`,
          },
        }),
        now,
      });
      await trx
        .updateTable('runbook_rule_evaluation')
        .set({ outcome: decision.outcome, execution_id: executionId })
        .where('rule_id', '=', candidate.rule_id)
        .where('incident_id', '=', candidate.incident_id)
        .execute();
      if (created && !open) {
        await recordAuditEvent(trx, SYSTEM_ACTOR, {
          action: 'runbook.run_requested',
          resourceType: 'runbook_execution',
          resourceId: executionId,
          teamId: candidate.team_id,
          metadata: {
            runbookId: candidate.runbook_id,
            ruleId: candidate.rule_id,
            incidentId: candidate.incident_id,
          },
        });
      }
      return decision.outcome;
    }

    await trx
      .updateTable('runbook_rule_evaluation')
      .set({ outcome: decision.outcome })
      .where('rule_id', '=', candidate.rule_id)
      .where('incident_id', '=', candidate.incident_id)
      .execute();
    if (decision.outcome === 'invalid_parameters') {
      deps.logger.warn(
        { ruleId: candidate.rule_id, incidentId: candidate.incident_id, problem: decision.problem },
        'Runbook rule parameters do not match the approved version; no run queued',
      );
    }
    return decision.outcome;
  });
}

type Decision =
  | { outcome: 'not_matched' | 'no_approved_version' }
  | { outcome: 'invalid_parameters'; problem: string }
  | { outcome: 'queued'; version: RunbookVersion; parameters: Record<string, unknown> }
  | {
      outcome: 'circuit_open';
      version: RunbookVersion;
      parameters: Record<string, unknown>;
      openUntil: Date;
    };

async function decide(trx: Db, candidate: Candidate, now: Date): Promise<Decision> {
  const priorityMatches =
    candidate.priorities.length === 0 || candidate.priorities.includes(candidate.priority);
  const labelsRequired = Object.keys(candidate.labels).length > 0;
  if (
    !priorityMatches ||
    (labelsRequired &&
      !labelsMatch(candidate.labels, await incidentLabels(trx, candidate.incident_id)))
  ) {
    return { outcome: 'not_matched' };
  }

  const version = await findApprovedVersion(trx, candidate.runbook_id);
  if (!version) return { outcome: 'no_approved_version' };

  let parameters: Record<string, unknown>;
  try {
    parameters = validateParameters(version.parameters_schema, candidate.parameters);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { outcome: 'invalid_parameters', problem: error.message };
  }

  const openUntil = await circuitOpenUntil(trx, candidate.team_id, now);
  if (openUntil) return { outcome: 'circuit_open', version, parameters, openUntil };
  return { outcome: 'queued', version, parameters };
}
