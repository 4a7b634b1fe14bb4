import { z } from 'zod';

/**
 * Messages between the worker and the runbook runner. The runner consumes only
 * `RUNBOOK_QUEUE` and has no database credentials, so each job carries everything one run
 * needs. The runner reports back on `RUNBOOK_RESULTS_QUEUE`, which the worker stores.
 */
export const RUNBOOK_QUEUE = 'runbook';
export const RUNBOOK_RESULTS_QUEUE = 'runbook-results';

/** Upper bounds the runner enforces on every job, whatever the worker sent. */
export const RUNBOOK_LIMITS = {
  maxScriptCharacters: 100_000,
  maxTimeoutSeconds: 300,
  maxOutputBytes: 10 * 1024,
  /** Masked error message of a finished run, in UTF-16 code units (JavaScript string length). */
  maxErrorMessageCharacters: 2_000,
  maxSecrets: 20,
} as const;

export const runbookJobSchema = z.object({
  executionId: z.uuid(),
  attempt: z.number().int().min(1),
  script: z.string().min(1).max(RUNBOOK_LIMITS.maxScriptCharacters),
  /** Incident context and parameters; the script reads it as `input`. */
  input: z.unknown(),
  /** Decrypted secret values for this run only; the job is deleted once it completes. */
  secrets: z
    .array(z.object({ name: z.string().min(1).max(64), value: z.string().max(8192) }))
    .max(RUNBOOK_LIMITS.maxSecrets),
  timeoutMs: z
    .number()
    .int()
    .min(100)
    .max(RUNBOOK_LIMITS.maxTimeoutSeconds * 1000),
  network: z.object({
    /** Allowlist entries, `host` or `host:port`. */
    allowedHosts: z.array(z.string()).max(50),
    /** Entries of `allowedHosts` a platform admin approved for private addresses. */
    privateNetworkHosts: z.array(z.string()).max(50),
    allowedMethods: z.array(z.string()).min(1),
  }),
});
export type RunbookJobData = z.infer<typeof runbookJobSchema>;

const reportBase = {
  executionId: z.uuid(),
  attempt: z.number().int().min(1),
};

export const runLogLineSchema = z.object({
  seq: z.number().int().min(0),
  level: z.enum(['info', 'warn', 'error']),
  // UTF-8 needs at least one byte per UTF-16 code unit, so a line within the output limit
  // has at most that many characters.
  message: z.string().max(RUNBOOK_LIMITS.maxOutputBytes),
  at: z.iso.datetime(),
});

export const runReportSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started'), ...reportBase, at: z.iso.datetime() }),
  z.object({ type: z.literal('log'), ...reportBase, lines: z.array(runLogLineSchema).max(1000) }),
  z.object({
    type: z.literal('finished'),
    ...reportBase,
    status: z.enum(['SUCCEEDED', 'FAILED', 'TIMED_OUT']),
    /** Masked JSON text of the return value. */
    result: z.string().max(RUNBOOK_LIMITS.maxOutputBytes).nullable(),
    error: z
      .object({
        code: z.string().max(64),
        message: z.string().max(RUNBOOK_LIMITS.maxErrorMessageCharacters),
        retryable: z.boolean(),
      })
      .nullable(),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime(),
    cpuTimeMs: z.number().int().min(0),
    outputBytes: z.number().int().min(0),
    outputTruncated: z.boolean(),
  }),
]);
/** A runner report about one attempt: it started, it logged lines, or it finished. */
export type RunReport = z.infer<typeof runReportSchema>;
