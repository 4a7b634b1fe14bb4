import type { Logger } from '@pagefree/logger';

/**
 * Runs `stop` once on SIGTERM or SIGINT and exits. A second signal, or `stop` taking longer
 * than `graceMs`, exits at once, so a stuck shutdown cannot block a rolling restart.
 */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>, graceMs = 25_000): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'Second signal; exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'Shutting down');
    const timer = setTimeout(() => {
      logger.error({ graceMs }, 'Shutdown took too long; exiting');
      process.exit(1);
    }, graceMs);
    timer.unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
