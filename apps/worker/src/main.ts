import { ConfigError, loadConfig } from '@pagefree/config';
import { stopOnSignals } from '@pagefree/core/runtime/process-lifecycle';
import { openDatabase } from '@pagefree/db';
import { createLogger } from '@pagefree/logger';
import { startWorker } from './worker.ts';

// The worker process: escalation steps and notification delivery, the paging path.
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
if (config.database.kind !== 'postgres') {
  console.error(
    'DATABASE_URL: missing; the worker process needs PostgreSQL (the embedded database runs only under pnpm start)',
  );
  process.exit(1);
}

const logger = createLogger({ level: config.logLevel, name: 'worker' });
const database = await openDatabase(config.database);
const worker = await startWorker({ config, db: database.db, logger });

stopOnSignals(logger, async () => {
  await worker.close();
  await database.close();
});
