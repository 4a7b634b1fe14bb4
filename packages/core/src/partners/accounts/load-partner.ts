import type { Db, Partner } from '@pagefree/db';
import { NotFoundError } from '../../shared/errors.ts';

/** Loads a partner, optionally locking the row for the caller's transaction. */
export async function loadPartner(
  db: Db,
  partnerId: string,
  options: { forUpdate?: boolean } = {},
): Promise<Partner> {
  let query = db.selectFrom('partner').selectAll().where('id', '=', partnerId);
  if (options.forUpdate) query = query.forUpdate();
  const partner = await query.executeTakeFirst();
  if (!partner) throw new NotFoundError('Partner', partnerId);
  return partner;
}
