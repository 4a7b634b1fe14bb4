import type { Db } from '@pagefree/db';
import { withTransaction } from '@pagefree/db';
import type { Clock } from '../../shared/clock.ts';
import { recordPartnerAudit } from '../audit/record-partner-audit.ts';
import { endSessions } from './end-sessions.ts';

/**
 * Ends the session whose cookie value hashes to `sessionTokenHash`, when it is still open.
 * Returns the partner to announce the change for, or null when there was nothing to end.
 */
export async function signOutPartner(
  deps: { db: Db; clock: Clock },
  input: { sessionTokenHash: string; ip: string | null; userAgent: string | null; path: string },
): Promise<{ partnerId: string } | null> {
  const now = deps.clock.now();
  return withTransaction(deps.db, async (trx) => {
    const session = await trx
      .selectFrom('partner_session')
      .select(['id', 'partner_id', 'page_id'])
      .where('token_hash', '=', input.sessionTokenHash)
      .where('ended_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!session) return null;
    await endSessions(trx, { sessionId: session.id }, 'signed_out', now);
    await recordPartnerAudit(trx, [
      {
        action: 'sign_out',
        outcome: 'allowed',
        partnerId: session.partner_id,
        pageId: session.page_id,
        credentialKind: 'session',
        credentialId: session.id,
        ip: input.ip,
        userAgent: input.userAgent,
        path: input.path,
        occurredAt: now,
      },
    ]);
    return { partnerId: session.partner_id };
  });
}
