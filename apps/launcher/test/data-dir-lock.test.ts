import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirBusyError, lockDataDir } from '../src/data-dir-lock.ts';

describe('data folder lock', () => {
  const folders: string[] = [];
  const children: ChildProcess[] = [];

  function newFolder(): string {
    const folder = mkdtempSync(join(tmpdir(), 'pagefree-lock-'));
    folders.push(folder);
    return folder;
  }

  /** Starts a process that plays a running PageFree and returns its pid. */
  function otherProcess(): number {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], {
      stdio: 'ignore',
    });
    children.push(child);
    return child.pid!;
  }

  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  it('pid file written, then removed', () => {
    const folder = newFolder();
    const lock = lockDataDir(folder, 'start');

    expect(readFileSync(join(folder, 'pagefree.pid'), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    expect(existsSync(join(folder, 'pagefree.pid'))).toBe(false);
  });

  it('live holder rejects a second lock', () => {
    const folder = newFolder();
    const pid = otherProcess();
    writeFileSync(join(folder, 'pagefree.pid'), `${pid}\n`);

    expect(() => lockDataDir(folder, 'reset a password')).toThrow(DataDirBusyError);
    expect(() => lockDataDir(folder, 'reset a password')).toThrow(
      `PageFree is already running from ${folder} (pid ${pid}), so it cannot reset a password.`,
    );
    expect(readFileSync(join(folder, 'pagefree.pid'), 'utf8').trim()).toBe(String(pid));
  });

  it('stale pid file taken over', async () => {
    const folder = newFolder();
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('exit', resolve));
    writeFileSync(join(folder, 'pagefree.pid'), `${child.pid}\n`);

    const lock = lockDataDir(folder, 'start');

    expect(readFileSync(join(folder, 'pagefree.pid'), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });
  it('racing starts: one takes over', async () => {
    const module = new URL('../src/data-dir-lock.ts', import.meta.url).pathname;
    const claim = `
      const { lockDataDir } = await import(${JSON.stringify(module)});
      try {
        lockDataDir(process.argv[1], 'start');
        console.log('locked');
      } catch {
        console.log('busy');
      }
      setTimeout(() => {}, 500);`;
    const exited = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((resolve) => exited.once('exit', resolve));
    for (let round = 0; round < 5; round += 1) {
      const folder = newFolder();
      writeFileSync(join(folder, 'pagefree.pid'), `${exited.pid}\n`);
      const outcomes = await Promise.all(
        [0, 1, 2].map(
          () =>
            new Promise<string>((resolve) => {
              const child = spawn(process.execPath, ['--input-type=module', '-e', claim, folder]);
              children.push(child);
              let output = '';
              child.stdout.on('data', (chunk) => {
                output += chunk;
              });
              child.on('exit', () => resolve(output.trim()));
            }),
        ),
      );

      expect(outcomes.filter((outcome) => outcome === 'locked')).toHaveLength(1);
    }
  });
});
