import { RUNBOOK_LIMITS } from '@pagefree/contracts';
import { z } from 'zod';

/** Limits on what a runbook version may hold. */
export const RUNBOOK_VERSION_LIMITS = {
  maxNameLength: 120,
  maxDescriptionLength: 4000,
  maxScriptCharacters: RUNBOOK_LIMITS.maxScriptCharacters,
  maxHosts: 20,
  maxSecrets: RUNBOOK_LIMITS.maxSecrets,
  defaultTimeoutSeconds: 30,
  maxTimeoutSeconds: RUNBOOK_LIMITS.maxTimeoutSeconds,
  /** JSON text of a parameters schema. */
  maxSchemaBytes: 32 * 1024,
  /** JSON text of the parameters of one run. */
  maxParametersBytes: 16 * 1024,
  /** A secret shorter than this could not be masked reliably in output. */
  minSecretLength: 8,
  maxSecretLength: 8192,
} as const;

export const secretNameSchema = z
  .string()
  .regex(
    /^[A-Z][A-Z0-9_]{0,63}$/,
    'must be 1-64 upper-case letters, digits and underscores, starting with a letter, e.g. DEPLOY_TOKEN',
  );

const parametersSchema = z.record(z.string(), z.unknown());

/** Everything an author edits; saving it creates a new draft version. */
export const runbookContentInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(RUNBOOK_VERSION_LIMITS.maxNameLength),
  description: z.string().max(RUNBOOK_VERSION_LIMITS.maxDescriptionLength).default(''),
  script: z
    .string()
    .min(1, 'must not be empty')
    .max(
      RUNBOOK_VERSION_LIMITS.maxScriptCharacters,
      `must be at most ${RUNBOOK_VERSION_LIMITS.maxScriptCharacters} characters`,
    ),
  /** JSON Schema (draft-07) of the run parameters; its root must be an object schema. */
  parametersSchema: parametersSchema.default({ type: 'object', properties: {} }),
  allowedHosts: z.array(z.string()).max(RUNBOOK_VERSION_LIMITS.maxHosts).default([]),
  /** Entries of allowedHosts that may resolve to private addresses once a platform admin approves. */
  privateNetworkHosts: z.array(z.string()).max(RUNBOOK_VERSION_LIMITS.maxHosts).default([]),
  secretNames: z.array(secretNameSchema).max(RUNBOOK_VERSION_LIMITS.maxSecrets).default([]),
  timeoutSeconds: z
    .number()
    .int()
    .min(1)
    .max(
      RUNBOOK_VERSION_LIMITS.maxTimeoutSeconds,
      `must be at most ${RUNBOOK_VERSION_LIMITS.maxTimeoutSeconds} seconds (5 minutes)`,
    )
    .default(RUNBOOK_VERSION_LIMITS.defaultTimeoutSeconds),
  changeNote: z.string().max(1000).default(''),
});
export type RunbookContent = z.output<typeof runbookContentInput>;

export const createRunbookInput = runbookContentInput.extend({
  /** Owning team; null creates a global runbook (platform admins only). */
  teamId: z.uuid().nullable(),
});

export const saveDraftInput = runbookContentInput.extend({
  runbookId: z.uuid(),
  /** The version the edit started from; saving fails if a newer version exists meanwhile. */
  baseVersionId: z.uuid(),
});

export const runbookIdInput = z.object({ runbookId: z.uuid() });
export const versionIdInput = z.object({ versionId: z.uuid() });

export const listRunbooksInput = z.object({
  /** Only this team's runbooks (and global ones unless includeGlobal is false). */
  teamId: z.uuid().optional(),
  includeGlobal: z.boolean().default(true),
});

export const diffVersionsInput = z.object({
  fromVersionId: z.uuid(),
  toVersionId: z.uuid(),
});

export const setSecretInput = z.object({
  runbookId: z.uuid(),
  name: secretNameSchema,
  value: z
    .string()
    .min(
      RUNBOOK_VERSION_LIMITS.minSecretLength,
      `must be at least ${RUNBOOK_VERSION_LIMITS.minSecretLength} characters, so it can be masked in output`,
    )
    .max(RUNBOOK_VERSION_LIMITS.maxSecretLength),
});

export const deleteSecretInput = z.object({ runbookId: z.uuid(), name: secretNameSchema });

const priorities = z.array(z.enum(['P1', 'P2', 'P3', 'P4', 'P5'])).max(5);
const labels = z
  .record(z.string().min(1).max(100), z.string().max(200))
  .refine((value) => Object.keys(value).length <= 20, 'must have at most 20 labels');

export const createRuleInput = z.object({
  serviceId: z.uuid(),
  runbookId: z.uuid(),
  name: z.string().trim().min(1, 'must not be empty').max(120),
  /** Empty matches every priority. */
  priorities: priorities.default([]),
  /** Every pair must equal a label of the incident's first alert; empty matches every incident. */
  labels: labels.default({}),
  parameters: parametersSchema.default({}),
  enabled: z.boolean().default(true),
});

export const updateRuleInput = z.object({
  ruleId: z.uuid(),
  name: z.string().trim().min(1, 'must not be empty').max(120).optional(),
  priorities: priorities.optional(),
  labels: labels.optional(),
  parameters: parametersSchema.optional(),
  enabled: z.boolean().optional(),
});

export const ruleIdInput = z.object({ ruleId: z.uuid() });

export const listRulesInput = z
  .object({
    serviceId: z.uuid().optional(),
    runbookId: z.uuid().optional(),
    teamId: z.uuid().optional(),
  })
  .refine(
    (value) => value.serviceId || value.runbookId || value.teamId,
    'pass serviceId, runbookId or teamId',
  );

export const prepareRunInput = z.object({
  incidentId: z.uuid(),
  runbookId: z.uuid(),
  parameters: parametersSchema.default({}),
});

export const runRunbookInput = prepareRunInput.extend({
  /** The version the confirmation showed; the run is refused if another one is approved now. */
  versionId: z.uuid(),
  /** From prepareRun; repeating a request with the same id does not start a second run. */
  confirmationId: z.uuid(),
});

export const dryRunInput = z.object({
  versionId: z.uuid(),
  /** A past incident whose context the run receives. */
  incidentId: z.uuid(),
  parameters: parametersSchema.default({}),
});

export const incidentIdInput = z.object({ incidentId: z.uuid() });

export const listExecutionsForRunbookInput = z.object({
  runbookId: z.uuid(),
  limit: z.number().int().min(1).max(200).default(50),
  /** The `queuedAt` of the last execution of the previous page. */
  before: z.iso.datetime({ offset: true }).optional(),
});

export const executionIdInput = z.object({ executionId: z.uuid() });

export const listDeadLettersInput = z.object({
  includeRerun: z.boolean().default(false),
  limit: z.number().int().min(1).max(200).default(50),
});

export const deadLetterIdInput = z.object({ deadLetterId: z.uuid() });
