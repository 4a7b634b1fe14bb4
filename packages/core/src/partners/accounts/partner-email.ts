import type { Db } from '@pagefree/db';
import { ConflictError } from '../../shared/errors.ts';

/** Throws unless no other partner uses the email address, compared without regard to case. */
export async function requireUnusedEmail(
  db: Db,
  email: string,
  exceptPartnerId?: string,
): Promise<void> {
  let query = db
    .selectFrom('partner')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()));
  if (exceptPartnerId) query = query.where('id', '<>', exceptPartnerId);
  if (await query.executeTakeFirst()) {
    throw new ConflictError(
      `Another partner already uses ${email}; each partner needs their own address.`,
    );
  }
}
