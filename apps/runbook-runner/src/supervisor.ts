import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@pagefree/logger';
import { FORBIDDEN_VARIABLES } from './config.ts';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
// Variables passed on to the runner; everything else in the parent's environment stays
// behind, DATABASE_URL and the keys first of all.
const PASSED_VARIABLES = [
  'PATH',
  'HOME',
  'TMPDIR',
  'LANG',
  'TZ',
  'NODE_EXTRA_CA_CERTS',
  'LOG_LEVEL',
];
const MIN_RESTART_DELAY_MS = 500;
const MAX_RESTART_DELAY_MS = 30_000;
/** A runner that lived this long counts as healthy, and the restart delay starts over. */
const HEALTHY_AFTER_MS = 60_000;

export interface SupervisorOptions {
  /**
   * Runs the runner under the Linux SCHED_IDLE policy (through `chrt --idle 0`), so its
   * threads get CPU time only when no other thread wants it. Defaults to true where `chrt`
   * is available; elsewhere the runner still lowers its nice value itself.
   */
  idleScheduling?: boolean;
  /** REDIS_URL, QUEUE_PREFIX and the RUNBOOK_* settings for the runner. */
  env: Record<string, string>;
  logger: Logger;
  /** Destination of the runner's stdout and stderr: this process's (default) or nowhere. */
  stdio?: 'inherit' | 'ignore';
}

export interface RunnerSupervisor {
  /** The current child process, or null between a crash and its restart. */
  readonly child: ChildProcess | null;
  /** Times the runner was started, the first start included. */
  readonly starts: number;
  /** Resolves when the next runner process has spawned. */
  nextStart(): Promise<ChildProcess>;
  /** Stops restarting, sends SIGTERM and waits for the child to exit (SIGKILL after 15 s). */
  stop(): Promise<void>;
}

/**
 * Runs the runbook runner as a child process with `--no-node-snapshot` and restarts it
 * whenever it exits, after a delay that doubles on quick successive crashes (0.5 s up to
 * 30 s). The child gets only the variables it needs, so it never receives database
 * credentials. On Linux it runs under SCHED_IDLE, so CPU-bound scripts cannot take CPU time
 * from the server, the paging worker or the database on the same machine.
 */
export function superviseRunner(options: SupervisorOptions): RunnerSupervisor {
  const forbidden = FORBIDDEN_VARIABLES.filter((name) => name in options.env);
  if (forbidden.length > 0) {
    throw new Error(
      `The runbook runner must not receive ${forbidden.join(', ')}; leave them out of its env.`,
    );
  }
  const env: Record<string, string> = { ...options.env, RUNNER_PARENT_PID: String(process.pid) };
  for (const name of PASSED_VARIABLES) {
    const value = process.env[name];
    if (value !== undefined && env[name] === undefined) env[name] = value;
  }

  let child: ChildProcess | null = null;
  let starts = 0;
  let stopped = false;
  let delay = MIN_RESTART_DELAY_MS;
  let restartTimer: NodeJS.Timeout | null = null;
  let waiters: Array<(child: ChildProcess) => void> = [];

  const command = [process.execPath, '--no-node-snapshot', MAIN];
  if ((options.idleScheduling ?? true) && idleSchedulingAvailable()) {
    // chrt replaces itself with node, so the child's pid is the runner's own.
    command.unshift('chrt', '--idle', '0');
  }

  const start = () => {
    const startedAt = Date.now();
    const current = spawn(command[0]!, command.slice(1), {
      env,
      stdio: ['ignore', options.stdio ?? 'inherit', options.stdio ?? 'inherit'],
    });
    child = current;
    starts += 1;
    for (const resolve of waiters) resolve(current);
    waiters = [];
    options.logger.info({ pid: current.pid, starts }, 'Runbook runner process spawned');

    current.once('exit', (code, signal) => {
      if (child === current) child = null;
      if (stopped) return;
      delay = Date.now() - startedAt > HEALTHY_AFTER_MS ? MIN_RESTART_DELAY_MS : delay;
      options.logger.warn(
        { pid: current.pid, code, signal, restartInMs: delay },
        'Runbook runner exited; restarting',
      );
      restartTimer = setTimeout(start, delay);
      delay = Math.min(delay * 2, MAX_RESTART_DELAY_MS);
    });
  };
  start();

  return {
    get child() {
      return child;
    },
    get starts() {
      return starts;
    },
    nextStart() {
      return new Promise((resolve) => waiters.push(resolve));
    },
    async stop() {
      stopped = true;
      if (restartTimer) clearTimeout(restartTimer);
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
      current.kill('SIGTERM');
      const killer = setTimeout(() => current.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** True on Linux when `chrt` can start a command under SCHED_IDLE. */
function idleSchedulingAvailable(): boolean {
  if (process.platform !== 'linux') return false;
  const probe = spawnSync('chrt', ['--idle', '0', 'true'], { stdio: 'ignore', timeout: 5_000 });
  return probe.status === 0;
}
