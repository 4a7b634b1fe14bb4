import ivm from 'isolated-vm';
import { BOOTSTRAP_SOURCE } from './bootstrap.ts';
import {
  type FetchRequest,
  guardedFetch,
  NetworkFailedError,
  type NetworkPolicy,
} from './guarded-fetch.ts';
import { createMasker, type Masker, maskHead, maskJson, type NamedSecret } from './mask-output.ts';
import { NetworkRefusedError } from './network-guard.ts';
import { type LogLevel, type LogLine, OutputBudget } from './output-budget.ts';

export interface RunScriptOptions {
  /** The approved script text, run as the body of an async function. */
  script: string;
  /** JSON value the script reads as `input`; copied into the isolate, never spliced into code. */
  input: unknown;
  /** Values the script reads as `secrets.NAME`; masked wherever they appear in the output. */
  secrets: NamedSecret[];
  /** Wall-clock limit for the whole run, async work included. */
  timeoutMs: number;
  /** Heap limit of the run's isolate in MB (isolated-vm's minimum is 8). */
  memoryLimitMb: number;
  /** Limit on log lines plus result, in UTF-8 bytes after masking. */
  maxOutputBytes: number;
  /** Limit on the error message, in UTF-16 code units after masking. Defaults to 2000. */
  maxErrorCharacters?: number;
  network: NetworkPolicy;
  /** Maximum `fetch` calls per run. */
  maxRequests: number;
  /** Receives each log line as soon as it is masked and counted. */
  onLog?: (line: LogLine) => void;
  /** Ends the run early, e.g. when the runner shuts down. */
  signal?: AbortSignal;
  /** Called when V8 loses control of the isolate, before the run is reported as failed. */
  onCatastrophicError?: (message: string) => void;
}

export type RunStatus = 'succeeded' | 'failed' | 'timed_out';

export type RunErrorCode =
  | 'syntax_error'
  | 'script_error'
  | 'network_error'
  | 'invalid_result'
  | 'memory_limit'
  | 'timed_out'
  | 'cancelled'
  | 'internal_error';

export interface RunError {
  code: RunErrorCode;
  /** Masked, and prefixed with the script line when the error came from one. */
  message: string;
  /** True when another attempt may succeed: an uncaught network failure, or a cancelled run. */
  retryable: boolean;
}

export interface RunOutcome {
  status: RunStatus;
  /** The script's return value as masked JSON text, null when the run did not succeed. */
  result: string | null;
  error: RunError | null;
  startedAt: Date;
  finishedAt: Date;
  cpuTimeMs: number;
  outputBytes: number;
  outputTruncated: boolean;
  /**
   * True when V8 lost control of the isolate or the isolate did not stop. Its thread may stay
   * blocked, so the process should finish its other runs and exit to be replaced.
   */
  processNeedsRestart: boolean;
}

interface ScriptError {
  phase: 'compile' | 'run' | 'result';
  name: string;
  message: string;
  line: number | null;
  retryable: boolean;
}

type BootstrapOutcome = { ok: true; value: unknown } | { ok: false; error: ScriptError };

// Logging stops calling into the host after this many characters, well past the point where
// the output limit drops lines, so a script that logs in a loop cannot flood the host.
const LOG_CHARACTER_FACTOR = 4;
const ABANDON_GRACE_MS = 2_000;
const DEFAULT_MAX_ERROR_CHARACTERS = 2_000;
const ERROR_TRUNCATION_NOTICE = ' [message truncated]';
// Length of `{"ok":true,"value":` and the closing brace around a successful result's JSON.
const RESULT_ENVELOPE_CHARACTERS = 20;

/**
 * Runs one script in a fresh isolate and disposes of it afterwards. The script's only ways
 * out are the `log` functions and `fetch` under `network`; its input and secrets are copied
 * in as JSON values. A host timer disposes of the isolate at `timeoutMs`, which stops busy
 * loops and endless promise chains alike, and the memory limit stops allocation bombs.
 * Never throws: every ending is reported in the outcome.
 *
 * @example
 * const outcome = await runScript({ script: 'return input.a + 1', input: { a: 1 }, ... });
 * // outcome.status === 'succeeded', outcome.result === '2'
 */
export async function runScript(options: RunScriptOptions): Promise<RunOutcome> {
  let run: ScriptRun;
  try {
    run = new ScriptRun(options);
  } catch (error) {
    return setupFailure(error);
  }
  try {
    // `abandoned` settles when V8 loses control of the isolate, whose own promise may then
    // never settle.
    return await Promise.race([run.execute(), run.abandoned]);
  } finally {
    run.close();
  }
}

/** Builds the outcome of a run whose isolate could not be created (an invalid memory limit, say). */
function setupFailure(error: unknown): RunOutcome {
  const now = new Date();
  return {
    status: 'failed',
    result: null,
    error: {
      code: 'internal_error',
      message: `The sandbox could not start: ${error instanceof Error ? error.message : String(error)}`,
      retryable: false,
    },
    startedAt: now,
    finishedAt: now,
    cpuTimeMs: 0,
    outputBytes: 0,
    outputTruncated: false,
    processNeedsRestart: false,
  };
}

/** The state of one run: its isolate, timers, output budget and network requests. */
class ScriptRun {
  readonly abandoned: Promise<RunOutcome>;
  private readonly options: RunScriptOptions;
  private readonly startedAt = new Date();
  private readonly mask: Masker;
  private readonly budget: OutputBudget;
  private readonly networkAbort = new AbortController();
  private readonly isolate: ivm.Isolate;
  private readonly timers: NodeJS.Timeout[] = [];
  private abandon!: (outcome: RunOutcome) => void;
  private stoppedBy: 'timeout' | 'cancel' | null = null;
  private accepting = true;
  private requests = 0;
  private cpuTimeMs = 0;
  private deliver: ivm.Reference | null = null;
  private readonly onCancel = () => this.stop('cancel');

  constructor(options: RunScriptOptions) {
    this.options = options;
    this.mask = createMasker(options.secrets);
    this.budget = new OutputBudget(options.maxOutputBytes, this.mask);
    this.abandoned = new Promise((resolve) => {
      this.abandon = resolve;
    });
    this.isolate = new ivm.Isolate({
      memoryLimit: options.memoryLimitMb,
      onCatastrophicError: (message) => this.onCatastrophe(message),
    });

    this.timers.push(
      setTimeout(() => this.stop('timeout'), options.timeoutMs),
      // Disposal normally ends the run within milliseconds. If it has not after this grace,
      // the isolate's thread is stuck and the run is reported without waiting for it.
      setTimeout(() => this.abandonStuckRun(), options.timeoutMs + ABANDON_GRACE_MS),
    );
    options.signal?.addEventListener('abort', this.onCancel, { once: true });
    if (options.signal?.aborted) this.stop('cancel');
  }

  async execute(): Promise<RunOutcome> {
    try {
      const context = await this.isolate.createContext();
      const exported = await context.evalClosure(
        BOOTSTRAP_SOURCE,
        [
          new ivm.Callback((level: unknown, text: unknown) => this.receiveLog(level, text)),
          new ivm.Callback((requestId: unknown, requestJson: unknown) =>
            this.startRequest(requestId, requestJson),
          ),
          this.options.script,
          new ivm.ExternalCopy(this.options.input ?? null).copyInto({ release: true }),
          new ivm.ExternalCopy(secretsObject(this.options.secrets)).copyInto({ release: true }),
          this.options.maxOutputBytes * LOG_CHARACTER_FACTOR,
        ],
        {
          filename: 'runbook-bootstrap.js',
          timeout: this.options.timeoutMs,
          result: { reference: true },
        },
      );
      this.deliver = await exported.get('deliver', { reference: true });
      const start = await exported.get('start', { reference: true });
      const raw = await start.apply(undefined, [], {
        timeout: this.options.timeoutMs,
        result: { promise: true },
      });

      this.cpuTimeMs = readCpuTimeMs(this.isolate);
      this.accepting = false;
      return settle(raw, this.mask, this.budget, this.finish);
    } catch (error) {
      this.cpuTimeMs ||= readCpuTimeMs(this.isolate);
      this.accepting = false;
      const [status, runError] = describeAbort(error, this.stoppedBy, this.options.timeoutMs);
      return this.finish(status, null, runError);
    }
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.options.signal?.removeEventListener('abort', this.onCancel);
    this.accepting = false;
    this.networkAbort.abort();
    if (!this.isolate.isDisposed) this.isolate.dispose();
  }

  private readonly finish = (
    status: RunStatus,
    result: string | null,
    error: RunError | null,
    processNeedsRestart = false,
  ): RunOutcome => ({
    status,
    result,
    error: error && {
      ...error,
      message: maskErrorMessage(
        error.message,
        this.options.maxErrorCharacters ?? DEFAULT_MAX_ERROR_CHARACTERS,
        this.mask,
      ),
    },
    startedAt: this.startedAt,
    finishedAt: new Date(),
    cpuTimeMs: this.cpuTimeMs,
    outputBytes: this.budget.bytes,
    outputTruncated: this.budget.truncated,
    processNeedsRestart,
  });

  private stop(reason: 'timeout' | 'cancel'): void {
    this.stoppedBy ??= reason;
    this.networkAbort.abort();
    if (!this.isolate.isDisposed) {
      this.cpuTimeMs = readCpuTimeMs(this.isolate);
      this.isolate.dispose();
    }
  }

  private receiveLog(level: unknown, text: unknown): void {
    if (!this.accepting || !isLogLevel(level) || typeof text !== 'string') return;
    for (const line of this.budget.addLog(level, text, new Date())) this.options.onLog?.(line);
  }

  /** Starts a request and returns at once; the outcome reaches the script through `deliver`. */
  private startRequest(requestId: unknown, requestJson: unknown): void {
    if (typeof requestId !== 'number') return;
    this.requests += 1;
    const limit = this.options.maxRequests;
    const response =
      this.requests > limit
        ? Promise.resolve(refusal(`This run already made ${limit} requests, the limit.`))
        : performFetch(requestJson, this.options.network, this.networkAbort.signal);
    void response.then((outcomeJson) => {
      if (this.isolate.isDisposed || !this.deliver) return;
      // Delivery fails once the run ended and its isolate was disposed; nothing waits then.
      this.deliver.apply(undefined, [requestId, outcomeJson]).catch(() => undefined);
    });
  }

  /**
   * isolated-vm calls this when V8 cannot continue the isolate, e.g. a hard out-of-memory
   * error inside it. Without a handler it aborts the whole process. With one, it parks the
   * isolate's thread for good, so the run ends here and the process should be replaced.
   */
  private onCatastrophe(message: string): void {
    this.accepting = false;
    this.options.onCatastrophicError?.(message);
    const outOfMemory = /out-of-memory/i.test(message);
    this.abandon(
      this.finish(
        'failed',
        null,
        {
          code: outOfMemory ? 'memory_limit' : 'internal_error',
          message: outOfMemory
            ? 'The run exceeded its memory limit and was stopped.'
            : `The sandbox failed: ${message}`,
          retryable: false,
        },
        true,
      ),
    );
  }

  private abandonStuckRun(): void {
    this.accepting = false;
    this.abandon(
      this.finish(
        'timed_out',
        null,
        {
          code: 'timed_out',
          message: `The run exceeded its ${this.options.timeoutMs} ms time limit and did not stop cleanly.`,
          retryable: false,
        },
        true,
      ),
    );
  }
}

function settle(
  raw: unknown,
  mask: Masker,
  budget: OutputBudget,
  finish: (status: RunStatus, result: string | null, error: RunError | null) => RunOutcome,
): RunOutcome {
  // A result longer than the budget's room plus what masking could remove is omitted before
  // it is parsed or masked, so a huge or deeply nested value costs no more than its length.
  if (
    typeof raw === 'string' &&
    raw.startsWith('{"ok":true') &&
    raw.length - RESULT_ENVELOPE_CHARACTERS > budget.remainingBytes + mask.reach
  ) {
    const size = Buffer.byteLength(raw) - RESULT_ENVELOPE_CHARACTERS;
    return finish('succeeded', budget.omitResult(size), null);
  }

  let outcome: BootstrapOutcome;
  try {
    outcome = JSON.parse(raw as string) as BootstrapOutcome;
  } catch {
    return finish('failed', null, {
      code: 'invalid_result',
      message: 'The run ended without a readable result.',
      retryable: false,
    });
  }
  if (outcome.ok) {
    const json = JSON.stringify(maskJson(outcome.value ?? null, mask));
    return finish('succeeded', budget.addResult(json), null);
  }

  const failure = outcome.error;
  const where = failure.line !== null && failure.line > 0 ? ` (script line ${failure.line})` : '';
  const code: RunErrorCode =
    failure.phase === 'compile'
      ? 'syntax_error'
      : failure.phase === 'result'
        ? 'invalid_result'
        : failure.name === 'FetchError'
          ? 'network_error'
          : 'script_error';
  return finish('failed', null, {
    code,
    message: `${failure.name}: ${failure.message}${where}`,
    retryable: failure.retryable,
  });
}

/** Masks an error message and cuts it to `maxCharacters`, marking the cut. */
function maskErrorMessage(message: string, maxCharacters: number, mask: Masker): string {
  const room = Math.max(0, maxCharacters - ERROR_TRUNCATION_NOTICE.length);
  const head = maskHead(message, room, mask);
  if (!head.truncated && head.text.length <= maxCharacters) return head.text;
  return `${head.text.slice(0, room)}${ERROR_TRUNCATION_NOTICE}`;
}

function describeAbort(
  error: unknown,
  stoppedBy: 'timeout' | 'cancel' | null,
  timeoutMs: number,
): ['failed' | 'timed_out', RunError] {
  const message = error instanceof Error ? error.message : String(error);
  if (stoppedBy === 'timeout' || message.includes('Script execution timed out')) {
    return [
      'timed_out',
      {
        code: 'timed_out',
        message: `The run exceeded its ${timeoutMs} ms time limit and was stopped.`,
        retryable: false,
      },
    ];
  }
  if (stoppedBy === 'cancel') {
    return [
      'failed',
      {
        code: 'cancelled',
        message: 'The run was stopped because the runner shut down.',
        retryable: true,
      },
    ];
  }
  if (message.includes('memory limit') || message.includes('Array buffer allocation failed')) {
    return [
      'failed',
      {
        code: 'memory_limit',
        message: 'The run exceeded its memory limit and was stopped.',
        retryable: false,
      },
    ];
  }
  return [
    'failed',
    { code: 'internal_error', message: `The sandbox failed: ${message}`, retryable: false },
  ];
}

async function performFetch(
  requestJson: unknown,
  policy: NetworkPolicy,
  signal: AbortSignal,
): Promise<string> {
  const request = parseFetchRequest(requestJson);
  if (!request) return refusal('fetch received an invalid request.');
  try {
    const response = await guardedFetch(request, policy, signal);
    return JSON.stringify({ ok: true, response });
  } catch (error) {
    if (error instanceof NetworkRefusedError) return refusal(error.message);
    const retryable = error instanceof NetworkFailedError;
    const message = error instanceof Error ? error.message : String(error);
    return JSON.stringify({ ok: false, error: { message, retryable } });
  }
}

function refusal(message: string): string {
  return JSON.stringify({ ok: false, error: { message, retryable: false } });
}

/** Reads the request the isolate sent; anything not exactly the expected shape is refused. */
function parseFetchRequest(requestJson: unknown): FetchRequest | null {
  if (typeof requestJson !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(requestJson);
  } catch {
    return null;
  }
  const candidate = value as Partial<FetchRequest> | null;
  const headersValid =
    Array.isArray(candidate?.headers) &&
    candidate.headers.every(
      (pair) =>
        Array.isArray(pair) &&
        pair.length === 2 &&
        typeof pair[0] === 'string' &&
        typeof pair[1] === 'string',
    );
  if (
    typeof candidate?.url !== 'string' ||
    typeof candidate.method !== 'string' ||
    !headersValid ||
    (candidate.body !== null && typeof candidate.body !== 'string')
  ) {
    return null;
  }
  return {
    url: candidate.url,
    method: candidate.method,
    headers: candidate.headers!,
    body: candidate.body ?? null,
  };
}

function secretsObject(secrets: NamedSecret[]): Record<string, string> {
  const values: Record<string, string> = Object.create(null);
  for (const secret of secrets) values[secret.name] = secret.value;
  return { ...values };
}

function isLogLevel(value: unknown): value is LogLevel {
  return value === 'info' || value === 'warn' || value === 'error';
}

function readCpuTimeMs(isolate: ivm.Isolate): number {
  try {
    return Number(isolate.cpuTime / 1_000_000n);
  } catch {
    return 0;
  }
}
