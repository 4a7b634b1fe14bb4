import { openDatabase } from './connection.ts';
import { migrateToLatest } from './migrator.ts';

// `pnpm migrate`: applies pending migrations to DATABASE_URL and exits.
const url = process.env.DATABASE_URL;
if (!url) {
  console.error(
    'DATABASE_URL: missing; set it to the database to migrate, e.g. postgres://127.0.0.1:5432/pagefree',
  );
  process.exit(1);
}
const handle = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
try {
  const applied = await migrateToLatest(handle.db);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
} finally {
  await handle.close();
}
