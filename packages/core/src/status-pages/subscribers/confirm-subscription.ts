import { type Db, withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { hashToken } from '../../crypto/tokens.ts';
import type { Clock } from '../../shared/clock.ts';
import { NotFoundError } from '../../shared/errors.ts';

/**
 * Confirms an email subscription with the token from its double opt-in link. The token
 * works once and until it expires; the status site calls this only from a POST, because
 * mail scanners follow the GET link.
 */
export async function confirmSubscription(
  deps: { db: Db; clock: Clock },
  input: { slug: string; token: string; ip: string | null },
): Promise<void> {
  const now = deps.clock.now();
  await withTransaction(deps.db, async (trx) => {
    const subscriber = await trx
      .selectFrom('status_subscriber')
      .innerJoin('status_page', 'status_page.id', 'status_subscriber.page_id')
      .select(['status_subscriber.id', 'status_subscriber.page_id', 'status_page.team_id'])
      .where('status_page.slug', '=', input.slug)
      .where('status_subscriber.confirm_token_hash', '=', hashToken(input.token))
      .where('status_subscriber.confirm_expires_at', '>', now)
      .where('status_subscriber.unsubscribed_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!subscriber) throw new NotFoundError('Confirmation link');

    await trx
      .updateTable('status_subscriber')
      .set({ confirmed_at: now, confirm_token_hash: null, confirm_expires_at: null })
      .where('id', '=', subscriber.id)
      .execute();
    await recordAuditEvent(
      trx,
      { type: 'anonymous', id: null, ip: input.ip },
      {
        action: 'status_subscriber.confirmed',
        resourceType: 'status_subscriber',
        resourceId: subscriber.id,
        teamId: subscriber.team_id,
        metadata: { pageId: subscriber.page_id },
      },
    );
  });
}
