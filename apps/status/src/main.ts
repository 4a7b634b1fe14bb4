import { ConfigError, loadConfig } from '@pagefree/config';
import { stopOnSignals } from '@pagefree/core/runtime/process-lifecycle';
import { openDatabase } from '@pagefree/db';
import { createLogger } from '@pagefree/logger';
import { startStatusSite } from './node/node-adapter.ts';

// The status site process: public and partner status pages from published
// snapshots. It uses the database for subscriptions, partner sign-in, cached partner
// credential checks and partner audit events, and for snapshots only when Redis fails.
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
    'DATABASE_URL: missing; the status process needs PostgreSQL (the embedded database runs only under pnpm start)',
  );
  process.exit(1);
}
if (!config.statusPublicUrl) {
  console.error(
    'STATUS_PUBLIC_URL: missing; set it to the address of the status site, e.g. https://status.example.com',
  );
  process.exit(1);
}

const logger = createLogger({ level: config.logLevel, name: 'status' });
const database = await openDatabase(config.database);
const site = await startStatusSite({ config, db: database.db, logger });

stopOnSignals(logger, async () => {
  await site.close();
  await database.close();
});
