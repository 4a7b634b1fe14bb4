import { runbookExecutionDetailSchema, runbookExecutionSchema } from '@pagefree/contracts';
import { approveVersion } from '@pagefree/core/runbooks/approve-version';
import { createRunbookRule } from '@pagefree/core/runbooks/create-rule';
import { createRunbook } from '@pagefree/core/runbooks/create-runbook';
import { deleteRunbookRule } from '@pagefree/core/runbooks/delete-rule';
import { deleteRunbookSecret } from '@pagefree/core/runbooks/delete-secret';
import { deprecateVersion } from '@pagefree/core/runbooks/deprecate-version';
import { diffVersions } from '@pagefree/core/runbooks/diff-versions';
import { dryRunVersion } from '@pagefree/core/runbooks/dry-run';
import { getTeamCircuit } from '@pagefree/core/runbooks/get-circuit';
import { getExecution } from '@pagefree/core/runbooks/get-execution';
import { getRunbook, getVersion, listVersions } from '@pagefree/core/runbooks/get-runbook';
import { listDeadLetters } from '@pagefree/core/runbooks/list-dead-letters';
import {
  listExecutionsForIncident,
  listExecutionsForRunbook,
} from '@pagefree/core/runbooks/list-executions';
import { listPendingApprovals } from '@pagefree/core/runbooks/list-pending-approvals';
import { listRunbookRules } from '@pagefree/core/runbooks/list-rules';
import { listRunbooks } from '@pagefree/core/runbooks/list-runbooks';
import { listRunnableRunbooks } from '@pagefree/core/runbooks/list-runnable';
import { listSecretNames } from '@pagefree/core/runbooks/list-secrets';
import { prepareRun } from '@pagefree/core/runbooks/prepare-run';
import { rerunDeadLetter } from '@pagefree/core/runbooks/rerun-dead-letter';
import { runRunbook } from '@pagefree/core/runbooks/run-runbook';
import { saveRunbookDraft } from '@pagefree/core/runbooks/save-draft';
import {
  createRuleInput,
  createRunbookInput,
  deadLetterIdInput,
  deleteSecretInput,
  diffVersionsInput,
  dryRunInput,
  executionIdInput,
  incidentIdInput,
  listDeadLettersInput,
  listExecutionsForRunbookInput,
  listRulesInput,
  listRunbooksInput,
  prepareRunInput,
  ruleIdInput,
  runbookIdInput,
  runRunbookInput,
  saveDraftInput,
  setSecretInput,
  updateRuleInput,
  versionIdInput,
} from '@pagefree/core/runbooks/schemas';
import { setRunbookSecret } from '@pagefree/core/runbooks/set-secret';
import { updateRunbookRule } from '@pagefree/core/runbooks/update-rule';
import { z } from 'zod';
import { authedProcedure, callerOf, platformAdminProcedure, router } from '../trpc.ts';

const read = authedProcedure.meta({ scope: 'config:read' });
const write = authedProcedure.meta({ scope: 'config:write' });
const readRuns = authedProcedure.meta({ scope: 'incidents:read' });
// Starting a run needs a person at a session: no API key scope reaches these.
const sessionOnly = authedProcedure;

const secretsRouter = router({
  /** Names and dates only; a secret's value is never returned after it is set. */
  list: read
    .input(runbookIdInput)
    .query(({ ctx, input }) => listSecretNames(ctx.deps.db, ctx.principal, input.runbookId)),
  set: write
    .input(setSecretInput)
    .mutation(({ ctx, input }) => setRunbookSecret(ctx.deps, callerOf(ctx), input)),
  delete: write.input(deleteSecretInput).mutation(async ({ ctx, input }) => {
    await deleteRunbookSecret(ctx.deps, callerOf(ctx), input);
    return { ok: true };
  }),
});

const rulesRouter = router({
  list: read
    .input(listRulesInput)
    .query(({ ctx, input }) => listRunbookRules(ctx.deps.db, ctx.principal, input)),
  create: write
    .input(createRuleInput)
    .mutation(({ ctx, input }) => createRunbookRule(ctx.deps, callerOf(ctx), input)),
  update: write
    .input(updateRuleInput)
    .mutation(({ ctx, input }) => updateRunbookRule(ctx.deps, callerOf(ctx), input)),
  delete: write.input(ruleIdInput).mutation(async ({ ctx, input }) => {
    await deleteRunbookRule(ctx.deps, callerOf(ctx), input.ruleId);
    return { ok: true };
  }),
});

const executionsRouter = router({
  forIncident: readRuns
    .input(incidentIdInput)
    .output(z.array(runbookExecutionSchema))
    .query(({ ctx, input }) =>
      listExecutionsForIncident(ctx.deps.db, ctx.principal, input.incidentId),
    ),
  forRunbook: readRuns
    .input(listExecutionsForRunbookInput)
    .output(z.object({ items: z.array(runbookExecutionSchema), nextBefore: z.string().nullable() }))
    .query(({ ctx, input }) => listExecutionsForRunbook(ctx.deps.db, ctx.principal, input)),
  /** One execution with its script and masked output. */
  get: readRuns
    .input(executionIdInput)
    .output(runbookExecutionDetailSchema)
    .query(({ ctx, input }) => getExecution(ctx.deps.db, ctx.principal, input.executionId)),
});

const deadLettersRouter = router({
  list: platformAdminProcedure
    .input(listDeadLettersInput)
    .query(({ ctx, input }) => listDeadLetters(ctx.deps.db, ctx.principal, input)),
  rerun: platformAdminProcedure
    .input(deadLetterIdInput)
    .output(runbookExecutionSchema)
    .mutation(({ ctx, input }) => rerunDeadLetter(ctx.deps, callerOf(ctx), input.deadLetterId)),
});

export const runbooksRouter = router({
  /** The runbook library: the caller's teams' runbooks and global ones. */
  list: read
    .input(listRunbooksInput)
    .query(({ ctx, input }) => listRunbooks(ctx.deps.db, ctx.principal, input)),
  get: read
    .input(runbookIdInput)
    .query(({ ctx, input }) => getRunbook(ctx.deps.db, ctx.principal, input.runbookId)),
  /** Creates a runbook whose first version is a DRAFT. */
  create: write
    .input(createRunbookInput)
    .mutation(({ ctx, input }) => createRunbook(ctx.deps, callerOf(ctx), input)),
  /** Saves an edit as a new DRAFT version. */
  saveDraft: write
    .input(saveDraftInput)
    .mutation(({ ctx, input }) => saveRunbookDraft(ctx.deps, callerOf(ctx), input)),
  versions: read
    .input(runbookIdInput)
    .query(({ ctx, input }) => listVersions(ctx.deps.db, ctx.principal, input.runbookId)),
  version: read
    .input(versionIdInput)
    .query(({ ctx, input }) => getVersion(ctx.deps.db, ctx.principal, input.versionId)),
  diff: read
    .input(diffVersionsInput)
    .query(({ ctx, input }) => diffVersions(ctx.deps.db, ctx.principal, input)),

  /** The approval queue: the newest version of each runbook when it is a DRAFT. */
  pendingApprovals: platformAdminProcedure.query(({ ctx }) =>
    listPendingApprovals(ctx.deps.db, ctx.principal),
  ),
  approve: platformAdminProcedure
    .input(versionIdInput)
    .mutation(({ ctx, input }) => approveVersion(ctx.deps, callerOf(ctx), input.versionId)),
  deprecate: platformAdminProcedure
    .input(versionIdInput)
    .mutation(({ ctx, input }) => deprecateVersion(ctx.deps, callerOf(ctx), input.versionId)),

  secrets: secretsRouter,
  rules: rulesRouter,

  /** Runbooks with an approved version that may run on the incident. */
  runnable: readRuns
    .input(incidentIdInput)
    .query(({ ctx, input }) => listRunnableRunbooks(ctx.deps.db, ctx.principal, input.incidentId)),
  /** Validates a manual run and returns what the confirmation shows; queues nothing. */
  prepareRun: sessionOnly
    .input(prepareRunInput)
    .mutation(({ ctx, input }) => prepareRun(ctx.deps.db, ctx.principal, input)),
  /** Queues the confirmed run and returns at once. */
  run: sessionOnly
    .input(runRunbookInput)
    .output(runbookExecutionSchema)
    .mutation(({ ctx, input }) => runRunbook(ctx.deps, callerOf(ctx), input)),
  /** Queues a dry run of any version against a past incident, without secrets. */
  dryRun: sessionOnly
    .input(dryRunInput)
    .output(runbookExecutionSchema)
    .mutation(({ ctx, input }) => dryRunVersion(ctx.deps, callerOf(ctx), input)),

  executions: executionsRouter,
  deadLetters: deadLettersRouter,
  /** Whether the team's automatic runs are paused by its circuit breaker. */
  circuit: read
    .input(z.object({ teamId: z.uuid() }))
    .query(({ ctx, input }) => getTeamCircuit(ctx.deps, ctx.principal, input.teamId)),
});
