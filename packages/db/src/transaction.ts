import type { Transaction } from 'kysely';
import type { Db } from './connection.ts';
import type { Database } from './schema.ts';

/**
 * Runs `fn` inside a transaction, or inside the caller's transaction when `db` already is
 * one, so a service can be composed into a larger unit of work without nesting.
 */
export async function withTransaction<T>(
  db: Db,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) {
    return fn(db as Transaction<Database>);
  }
  return db.transaction().execute(fn);
}
