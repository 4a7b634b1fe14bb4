import type { Kysely } from 'kysely';
import { type Migration, Migrator } from 'kysely/migration';
import * as identity from './migrations/2026-12-04-0001-identity.ts';
import * as paging from './migrations/2026-12-04-0002-paging.ts';
import * as runbooks from './migrations/2026-12-05-0001-runbooks.ts';
import * as statusPages from './migrations/2026-12-05-0002-status-pages.ts';
import * as partners from './migrations/2026-12-05-0003-partners.ts';
import * as pagingHardening from './migrations/2026-12-06-0001-paging-hardening.ts';

// Listed by hand instead of read from the folder, so bundlers and type stripping see every
// migration as a static import. Names sort by their date prefix.
const migrations: Record<string, Migration> = {
  '2026-12-04-0001-identity': identity,
  '2026-12-04-0002-paging': paging,
  '2026-12-05-0001-runbooks': runbooks,
  '2026-12-05-0002-status-pages': statusPages,
  '2026-12-05-0003-partners': partners,
  '2026-12-06-0001-paging-hardening': pagingHardening,
};

/** Applies every pending migration; throws with the failing migration's name on error. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Domains add migrations independently, so a database may have applied a later-dated
    // one before an earlier-dated one lands; each migration touches only its own tables.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error) {
    const name = failed ? ` (migration ${failed.migrationName})` : '';
    throw new Error(`Database migration failed${name}`, { cause: error });
  }
  return (results ?? []).map((result) => result.migrationName);
}
