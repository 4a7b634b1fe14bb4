import { ConfigError, loadConfig } from '@pagefree/config';
import { stopOnSignals } from '@pagefree/core/runtime/process-lifecycle';
import { openDatabase } from '@pagefree/db';
import { createLogger } from '@pagefree/logger';
import { startServer } from './server.ts';

// The server process: HTTP, tRPC and Socket.io. Run migrations first (`pnpm migrate`).
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
    'DATABASE_URL: missing; the server process needs PostgreSQL (the embedded database runs only under pnpm start)',
  );
  process.exit(1);
}

const logger = createLogger({ level: config.logLevel, name: 'server' });
const database = await openDatabase(config.database);
const server = await startServer({ config, db: database.db, logger });

stopOnSignals(logger, async () => {
  await server.close();
  await database.close();
});
