export { type DatabaseHandle, type Db, openDatabase } from './connection.ts';
export { migrateToLatest } from './migrator.ts';
export * from './schema.ts';
export * from './schema-partners.ts';
export * from './schema-runbooks.ts';
export * from './schema-status.ts';
export { withTransaction } from './transaction.ts';
