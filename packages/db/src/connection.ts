import { PGlite } from '@electric-sql/pglite';
import type { DatabaseConfig } from '@pagefree/config';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

const INT8_OID = 20;
const DATE_OID = 1082;

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  kind: DatabaseConfig['kind'];
  /** Closes the pool or the embedded database. */
  close(): Promise<void>;
}

/**
 * Opens the database described by `config`: a `pg` pool for PostgreSQL, or an in-process
 * PGlite instance for the embedded development default. Both return int8 and date columns
 * as strings, so ids and calendar dates never lose precision or shift by a time zone.
 */
export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: config.poolSize,
      types: {
        getTypeParser: (oid: number, format?: 'text' | 'binary') => {
          if (oid === INT8_OID || oid === DATE_OID) return (value: string) => value;
          return pg.types.getTypeParser(oid, format as 'text');
        },
      } as pg.CustomTypesConfig,
    });
    // An idle client losing its connection (PostgreSQL restart) emits an error on the pool;
    // without a listener Node would crash the process. The next query reconnects.
    pool.on('error', () => undefined);
    // A checked-out client between queries (inside a transaction, say) emits the error on
    // itself instead, with no listener of the pool's. The pending work fails through its own
    // promise, and the pool drops the broken client when it is released.
    pool.on('connect', (client) => {
      client.on('error', () => undefined);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }

  const pglite = await PGlite.create(config.dataDir, {
    parsers: {
      [INT8_OID]: (value: string) => value,
      [DATE_OID]: (value: string) => value,
    },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}
