import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Thrown when another live process uses the data folder. */
export class DataDirBusyError extends Error {}

export interface DataDirLock {
  release(): void;
}

/**
 * Claims the embedded default's data folder for this process by writing its pid to
 * `pagefree.pid`. PGlite and the private Redis allow one process at a time: a second
 * `pnpm start`, or `pnpm reset-admin-password` while PageFree runs, would write to files
 * that the first process has open and its changes could be lost. A pid file left by a
 * process that died is taken over.
 */
export function lockDataDir(dataDir: string, purpose: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'pagefree.pid');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      return {
        release() {
          if (readPid(path) === process.pid) rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readPid(path);
    if (holder !== null && holder !== process.pid && isAlive(holder)) {
      throw new DataDirBusyError(
        `PageFree is already running from ${dataDir} (pid ${holder}), so it cannot ${purpose}. ` +
          'Stop it first with Ctrl-C in its terminal, or run this command after it exits.',
      );
    }
    rmSync(path, { force: true });
  }
  throw new DataDirBusyError(`Could not claim ${path}; delete it if no PageFree process runs.`);
}

function readPid(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
