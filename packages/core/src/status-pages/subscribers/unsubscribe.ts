import { type Db, withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { hashToken } from '../../crypto/tokens.ts';
import type { Clock } from '../../shared/clock.ts';
import { NotFoundError } from '../../shared/errors.ts';

/**
 * Ends a subscription with its unsubscribe token and cancels notices not yet sent, so
 * nothing arrives afterwards. Unsubscribing twice succeeds; an unknown token raises
 * NotFound.
 */
export async function unsubscribe(
  deps: { db: Db; clock: Clock },
  input: { slug: string; token: string; ip: string | null },
): Promise<void> {
  const now = deps.clock.now();
  await withTransaction(deps.db, async (trx) => {
    const subscriber = await trx
      .selectFrom('status_subscriber')
      .innerJoin('status_page', 'status_page.id', 'status_subscriber.page_id')
      .select([
        'status_subscriber.id',
        'status_subscriber.page_id',
        'status_subscriber.unsubscribed_at',
        'status_page.team_id',
      ])
      .where('status_page.slug', '=', input.slug)
      .where('status_subscriber.manage_token_hash', '=', hashToken(input.token))
      .forUpdate()
      .executeTakeFirst();
    if (!subscriber) throw new NotFoundError('Subscription');
    if (subscriber.unsubscribed_at) return;

    await endSubscription(trx, subscriber.id, now);
    await recordAuditEvent(
      trx,
      { type: 'anonymous', id: null, ip: input.ip },
      {
        action: 'status_subscriber.unsubscribed',
        resourceType: 'status_subscriber',
        resourceId: subscriber.id,
        teamId: subscriber.team_id,
        metadata: { pageId: subscriber.page_id },
      },
    );
  });
}

/** Marks a subscriber unsubscribed and cancels its pending notices, in the caller's transaction. */
export async function endSubscription(trx: Db, subscriberId: string, now: Date): Promise<void> {
  await trx
    .updateTable('status_subscriber')
    .set({ unsubscribed_at: now, confirm_token_hash: null, confirm_expires_at: null })
    .where('id', '=', subscriberId)
    .execute();
  await trx
    .updateTable('status_notice')
    .set({ status: 'cancelled' })
    .where('subscriber_id', '=', subscriberId)
    .where('status', '=', 'pending')
    .execute();
}
