import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const ARTIFACTS_DIR = fileURLToPath(new URL('../../../test-artifacts/logs/', import.meta.url));

export interface SecretLeak {
  kind: string;
  file: string;
  line: number;
}

/**
 * Returns every place where a registered secret appears in the captured logs of `dir`:
 * `process-*.log` and `children-*.log` files, with secrets from `secrets-*.jsonl`.
 */
export function findSecretLeaks(dir: string): SecretLeak[] {
  const files = readdirSync(dir);
  const secrets = new Map<string, string>();
  for (const file of files.filter((name) => name.startsWith('secrets-'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line) continue;
      const { kind, value } = JSON.parse(line) as { kind: string; value: string };
      secrets.set(value, kind);
    }
  }

  const leaks: SecretLeak[] = [];
  for (const file of files.filter((name) => name.endsWith('.log'))) {
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    lines.forEach((text, index) => {
      for (const [value, kind] of secrets) {
        if (text.includes(value)) leaks.push({ kind, file, line: index + 1 });
      }
    });
  }
  return leaks;
}

/**
 * Vitest global setup: creates this run's log capture folder under test-artifacts/logs and,
 * when the run ends, scans every captured log line for the secrets tests registered. A leak
 * fails the run with the kind of secret and the file and line, never the value. The folder
 * is kept when it fails, for reading, and removed otherwise.
 */
export default function setup(project: TestProject) {
  const dir = join(ARTIFACTS_DIR, `run-${Date.now()}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  project.provide('logCaptureDir', dir);

  return () => {
    const leaks = findSecretLeaks(dir);
    if (leaks.length > 0) {
      const lines = leaks
        .slice(0, 20)
        .map((leak) => `  - ${leak.kind} in ${join(dir, leak.file)}:${leak.line}`);
      throw new Error(
        `Secret values appeared in ${leaks.length} captured log lines; redact them in packages/logger:\n${lines.join('\n')}`,
      );
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
