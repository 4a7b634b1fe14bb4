import { setPriority } from 'node:os';
import { createLogger } from '@pagefree/logger';
import { loadRunnerConfig, RunnerConfigError } from './config.ts';
import { startRunner } from './runner.ts';

// The runbook runner process: runs approved scripts from the `runbook` queue in isolates.
// Start it with `node --no-node-snapshot`, which isolated-vm needs on Node 20 and later.
let config: ReturnType<typeof loadRunnerConfig>;
try {
  config = loadRunnerConfig(process.env);
} catch (error) {
  if (!(error instanceof RunnerConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const logger = createLogger({ level: config.logLevel, name: 'runbook-runner' });

// On Linux a nice value belongs to a thread, and threads inherit it when they are created.
// Setting it before the first isolate exists lowers the priority of isolated-vm's threads
// too, so CPU-bound scripts yield to the server and the paging worker on a shared machine.
try {
  setPriority(config.nice);
} catch (error) {
  logger.warn({ err: error, nice: config.nice }, 'Lowering the runner priority failed; continuing');
}

let stopping = false;
const runner = await startRunner({
  config,
  logger,
  onNeedsRestart: () => void stop('isolate-failure', 70),
});

async function stop(reason: string, exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ reason }, 'Runbook runner shutting down');
  const timer = setTimeout(() => process.exit(exitCode || 1), 10_000);
  timer.unref();
  try {
    await runner.close();
  } catch (error) {
    logger.error({ err: error }, 'Closing the runbook runner failed');
  }
  process.exit(exitCode);
}

// A supervisor killed outright (SIGKILL, a crash) cannot stop its runner, and an orphaned
// runner would keep taking runs that no supervisor watches, so it stops once its parent is gone.
if (config.parentPid !== null) {
  const parentPid = config.parentPid;
  setInterval(() => {
    if (process.ppid !== parentPid) void stop('supervisor exited', 0);
  }, 1_000).unref();
}

process.once('SIGTERM', () => void stop('SIGTERM', 0));
process.once('SIGINT', () => void stop('SIGINT', 0));
