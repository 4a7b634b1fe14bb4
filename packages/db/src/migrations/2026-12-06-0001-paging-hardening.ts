import { type Kysely, sql } from 'kysely';

// Two nullable columns, so servers and workers of the previous release keep working while
// this one rolls out (they neither read nor write them):
// - push_subscription.vapid_fingerprint: which VAPID key each browser subscribed with (first
//   16 hex digits of the SHA-256 of the public key), so pushes are signed with the matching
//   pair during a key rotation. Null means the current key.
// - notification.claimed_until: a delivery lease. A worker claims a pending notification
//   before sending it, so a duplicate job (a sweeper re-queue after Redis lost its jobs) waits
//   instead of sending the page a second time. Null means unclaimed.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE push_subscription ADD COLUMN IF NOT EXISTS vapid_fingerprint text`.execute(
    db,
  );
  await sql`ALTER TABLE notification ADD COLUMN IF NOT EXISTS claimed_until timestamptz`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE notification DROP COLUMN IF EXISTS claimed_until`.execute(db);
  await sql`ALTER TABLE push_subscription DROP COLUMN IF EXISTS vapid_fingerprint`.execute(db);
}
