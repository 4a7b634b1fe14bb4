export * from './schema.ts';
export { type DatabaseHandle, type Db, openDatabase } from './connection.ts';
export { withTransaction } from './transaction.ts';
export { migrateToLatest } from './migrator.ts';
