import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findSecretLeaks } from '../src/log-scan-setup.ts';

describe('log secret scan', () => {
  let dir: string;

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function capture(logs: Record<string, string>, secrets: Array<{ kind: string; value: string }>) {
    dir = mkdtempSync(join(tmpdir(), 'pagefree-log-scan-'));
    for (const [name, text] of Object.entries(logs)) writeFileSync(join(dir, name), text);
    writeFileSync(
      join(dir, 'secrets-1.jsonl'),
      secrets.map((secret) => JSON.stringify(secret)).join('\n'),
    );
  }

  it('finds a secret in a process log', () => {
    capture({ 'process-1.log': '{"msg":"ok"}\n{"msg":"token pfs_leaked-value-123"}\n' }, [
      { kind: 'session token', value: 'pfs_leaked-value-123' },
    ]);

    expect(findSecretLeaks(dir)).toEqual([
      { kind: 'session token', file: 'process-1.log', line: 2 },
    ]);
  });

  it('finds a secret in a child process log', () => {
    capture({ 'children-1.log': 'password=correct horse battery staple\n' }, [
      { kind: 'user password', value: 'correct horse battery staple' },
    ]);

    expect(findSecretLeaks(dir)).toHaveLength(1);
  });

  it('clean logs have no leaks', () => {
    capture({ 'process-1.log': '{"msg":"token [redacted]"}\n' }, [
      { kind: 'session token', value: 'pfs_leaked-value-123' },
    ]);

    expect(findSecretLeaks(dir)).toEqual([]);
  });
});
