import { randomBytes } from 'node:crypto';
import { type DatabaseHandle, type Db, openDatabase } from '@pagefree/db';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { databaseUrl, TEST_ADMIN_DATABASE_URL } from './test-env.ts';

export interface TestDatabase {
  db: Db;
  url: string;
  name: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

// CREATE DATABASE ... TEMPLATE fails while another session is connected to the template,
// and two test files may clone at the same moment, so clones retry briefly.
async function cloneTemplate(admin: DatabaseHandle, name: string, template: string): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await sql.raw(`CREATE DATABASE ${name} TEMPLATE ${template}`).execute(admin.db);
      return;
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
}

/** Creates a fresh, migrated PostgreSQL database for one test file. */
export async function createTestDatabase(poolSize = 10): Promise<TestDatabase> {
  const template = inject('templateDatabase');
  const name = `pagefree_t_${randomBytes(6).toString('hex')}`;
  const admin = await openDatabase({ kind: 'postgres', url: TEST_ADMIN_DATABASE_URL, poolSize: 1 });
  try {
    await cloneTemplate(admin, name, template);
  } finally {
    await admin.close();
  }

  const url = databaseUrl(name);
  const handle = await openDatabase({ kind: 'postgres', url, poolSize });
  return {
    db: handle.db,
    url,
    name,
    drop: async () => {
      await handle.close();
      const cleanup = await openDatabase({
        kind: 'postgres',
        url: TEST_ADMIN_DATABASE_URL,
        poolSize: 1,
      });
      await sql.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).execute(cleanup.db);
      await cleanup.close();
    },
  };
}
