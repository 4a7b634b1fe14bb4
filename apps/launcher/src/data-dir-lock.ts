import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Thrown when another live process uses the data folder. */
export class DataDirBusyError extends Error {}

export interface DataDirLock {
  release(): void;
}

/** A takeover file older than this was left by a process that died while taking over. */
const STALE_TAKEOVER_MS = 10_000;
/** An empty pid file younger than this belongs to a process that is still writing it. */
const FRESH_PID_FILE_MS = 5_000;

/**
 * Claims the embedded default's data folder for this process by writing its pid to
 * `pagefree.pid`. PGlite and the private Redis allow one process at a time: a second
 * `pnpm start`, or `pnpm reset-admin-password` while PageFree runs, would write to files
 * that the first process has open and its changes could be lost. A pid file left by a
 * process that died is taken over. Only the process that creates `pagefree.pid.takeover`
 * (exclusively) may do that, so of several processes starting at once one wins.
 */
export function lockDataDir(dataDir: string, purpose: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'pagefree.pid');
  const busy = (holder: string) => new DataDirBusyError(busyMessage(dataDir, holder, purpose));
  const lock: DataDirLock = {
    release() {
      if (readPid(path) === process.pid) rmSync(path, { force: true });
    },
  };

  if (createPidFile(path)) return lock;
  const holder = readPid(path);
  if (holder !== null && holder !== process.pid && isAlive(holder)) throw busy(`pid ${holder}`);
  if (holder === null && ageMs(path) < FRESH_PID_FILE_MS)
    throw busy('another process is starting it');

  const takeover = `${path}.takeover`;
  if (ageMs(takeover) > STALE_TAKEOVER_MS) rmSync(takeover, { force: true });
  if (!createExclusive(takeover, '')) throw busy('another process is starting it');
  try {
    // Only the holder of the takeover file gets here, so the stale pid file is still the one
    // read above, or one that a process which started meanwhile wrote: check it again.
    const current = readPid(path);
    if (current !== null && current !== holder && isAlive(current)) throw busy(`pid ${current}`);
    rmSync(path, { force: true });
    if (!createPidFile(path)) throw busy('another process is starting it');
    return lock;
  } finally {
    rmSync(takeover, { force: true });
  }
}

function busyMessage(dataDir: string, holder: string, purpose: string): string {
  return (
    `PageFree is already running from ${dataDir} (${holder}), so it cannot ${purpose}. ` +
    'Stop it first with Ctrl+C in its terminal, or run this command after it exits.'
  );
}

/**
 * Returns the message for a data folder that a live process holds, or null when it is free,
 * without claiming it. `pnpm start` checks this before it rebuilds the console that a
 * running PageFree serves.
 */
export function dataDirBusyMessage(dataDir: string, purpose: string): string | null {
  const holder = readPid(join(dataDir, 'pagefree.pid'));
  if (holder === null || holder === process.pid || !isAlive(holder)) return null;
  return busyMessage(dataDir, `pid ${holder}`, purpose);
}

/** Creates the pid file with this process's pid; false when it exists already. */
function createPidFile(path: string): boolean {
  return createExclusive(path, `${process.pid}\n`);
}

function createExclusive(path: string, content: string): boolean {
  let descriptor: number;
  try {
    descriptor = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(descriptor, content);
  } finally {
    closeSync(descriptor);
  }
  return true;
}

function readPid(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Milliseconds since the file was last written; infinite when it does not exist. */
function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return isNodeProcess(pid);
}

/**
 * Checks whether the pid still belongs to a Node.js program. A container restart can hand
 * the old pid to another program. Without Linux's /proc this returns true.
 */
function isNodeProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return true;
  }
}
