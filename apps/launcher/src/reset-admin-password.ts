import { randomBytes } from 'node:crypto';
import { recordAuditEvent } from '@pagefree/core/audit/record-audit-event';
import { SYSTEM_ACTOR } from '@pagefree/core/auth/principal';
import { hashPassword } from '@pagefree/core/crypto/password';
import { migrateToLatest, openDatabase, withTransaction } from '@pagefree/db';
import { DataDirBusyError, type DataDirLock, lockDataDir } from './data-dir-lock.ts';
import { loadOrCreateLocalSecrets } from './local-secrets.ts';
import { DATA_DIR } from './paths.ts';

// `pnpm reset-admin-password [email]`: sets a new generated password for a user of the
// embedded default (or of DATABASE_URL) and ends their sessions. With the embedded database
// it exits with an error while `pnpm start` runs, because PGlite allows one process at a time.

const email = (process.argv[2] ?? 'admin@pagefree.local').toLowerCase();
let lock: DataDirLock | null = null;
if (!process.env.DATABASE_URL) {
  try {
    lock = lockDataDir(DATA_DIR, 'reset a password');
  } catch (error) {
    if (!(error instanceof DataDirBusyError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
loadOrCreateLocalSecrets(DATA_DIR);
const database = await openDatabase(
  process.env.DATABASE_URL
    ? { kind: 'postgres', url: process.env.DATABASE_URL, poolSize: 1 }
    : { kind: 'pglite', dataDir: `${DATA_DIR}/pgdata` },
);

try {
  await migrateToLatest(database.db);
  const password = randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(password);
  const userId = await withTransaction(database.db, async (trx) => {
    const user = await trx
      .updateTable('app_user')
      .set({ password_hash: passwordHash, updated_at: new Date() })
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
      .returning('id')
      .executeTakeFirst();
    if (!user) return null;
    await trx
      .updateTable('user_session')
      .set({ revoked_at: new Date() })
      .where('user_id', '=', user.id)
      .where('revoked_at', 'is', null)
      .execute();
    await recordAuditEvent(trx, SYSTEM_ACTOR, {
      action: 'user.password_reset',
      resourceType: 'user',
      resourceId: user.id,
    });
    return user.id;
  });
  if (!userId) {
    console.error(
      `No user has the email ${email}; pass the email of an existing user, or none for admin@pagefree.local.`,
    );
    process.exitCode = 1;
  } else {
    console.log(`New password for ${email} (shown only now): ${password}`);
  }
} finally {
  await database.close();
  lock?.release();
}
