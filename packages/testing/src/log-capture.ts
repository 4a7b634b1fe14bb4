import { appendFileSync, closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder of this run's captured logs and registered secrets; empty when not capturing. */
    logCaptureDir: string;
  }
}

/** Log level test stacks write at, so the scan covers everything a production server logs. */
export const CAPTURED_LOG_LEVEL = 'info';

let descriptor: number | null = null;

function captureDir(): string | null {
  try {
    return inject('logCaptureDir') || null;
  } catch {
    // Outside a Vitest worker (the benchmarks import the test helpers too).
    return null;
  }
}

/**
 * Returns a destination for test loggers: every line goes to this test process's file in the run's
 * capture folder (scanned for registered secrets when the run ends), and to stderr as well
 * when TEST_LOG_LEVEL is set.
 */
export function captureLogDestination(): Writable {
  const dir = captureDir();
  if (dir && descriptor === null) {
    descriptor = openSync(join(dir, `process-${process.pid}.log`), 'a');
    process.once('exit', () => {
      if (descriptor !== null) closeSync(descriptor);
    });
  }
  const echo = Boolean(process.env.TEST_LOG_LEVEL);
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (descriptor !== null) writeSync(descriptor, chunk);
      if (echo) process.stderr.write(chunk);
      callback();
    },
  });
}

/**
 * Records a secret a test created (a password, signing secret, token or key), so the scan at
 * the end of the run fails if any captured log line contains it. Values shorter than 8
 * characters are ignored, since they would match by chance.
 */
export function registerTestSecret(kind: string, value: string | null | undefined): void {
  const dir = captureDir();
  if (!dir || !value || value.length < 8) return;
  appendFileSync(join(dir, `secrets-${process.pid}.jsonl`), `${JSON.stringify({ kind, value })}\n`);
}

/** The path of this process's captured log file, for child processes that should append to it. */
export function capturedLogPath(): string | null {
  const dir = captureDir();
  return dir ? join(dir, `children-${process.pid}.log`) : null;
}
