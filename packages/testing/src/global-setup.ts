import { randomBytes } from 'node:crypto';
import { migrateToLatest, openDatabase } from '@pagefree/db';
import { sql } from 'kysely';
import type { TestProject } from 'vitest/node';
import { databaseUrl, TEST_ADMIN_DATABASE_URL } from './test-env.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/**
 * Migrates one template database per test run; each test file then clones it with
 * CREATE DATABASE ... TEMPLATE, which takes milliseconds instead of a full migration.
 */
export default async function setup(project: TestProject) {
  const name = `pagefree_tpl_${randomBytes(4).toString('hex')}`;
  const admin = await openDatabase({ kind: 'postgres', url: TEST_ADMIN_DATABASE_URL, poolSize: 1 });
  await sql.raw(`CREATE DATABASE ${name}`).execute(admin.db);

  const template = await openDatabase({ kind: 'postgres', url: databaseUrl(name), poolSize: 1 });
  await migrateToLatest(template.db);
  await template.close();

  project.provide('templateDatabase', name);

  return async () => {
    await sql.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).execute(admin.db);
    await admin.close();
  };
}
