import { type Db, withTransaction } from '@pagefree/db';
import { sql } from 'kysely';

/**
 * Creates one pending notice per subscriber the event concerns and returns the ids of the
 * event's notices still pending. Subscribers are those confirmed and not unsubscribed at
 * this moment, whose component filter is empty or shares a component with the event (an
 * event naming no component reaches everyone). The unique (subscriber, event) constraint
 * makes a repeated fan-out add nothing, so each subscriber gets one notice per event.
 * Private pages have no subscribers: their events are marked done without notices.
 */
export async function fanOutNoticeEvent(db: Db, eventId: string, now: Date): Promise<string[]> {
  return withTransaction(db, async (trx) => {
    const event = await trx
      .selectFrom('status_notice_event')
      .innerJoin('status_page', 'status_page.id', 'status_notice_event.page_id')
      .select([
        'status_notice_event.id',
        'status_notice_event.page_id',
        'status_notice_event.component_ids',
        'status_notice_event.fanned_out_at',
        'status_page.visibility',
      ])
      .where('status_notice_event.id', '=', eventId)
      .forUpdate()
      .executeTakeFirst();
    if (!event) return [];

    if (!event.fanned_out_at && event.visibility === 'public') {
      const components = event.component_ids;
      await trx
        .insertInto('status_notice')
        .columns(['event_id', 'subscriber_id'])
        .expression((eb) =>
          eb
            .selectFrom('status_subscriber')
            .select([sql<string>`${event.id}::uuid`.as('event_id'), 'id as subscriber_id'])
            .where('page_id', '=', event.page_id)
            .where('confirmed_at', 'is not', null)
            .where('unsubscribed_at', 'is', null)
            .where((filter) =>
              components.length === 0
                ? sql<boolean>`true`
                : filter.or([
                    sql<boolean>`cardinality(component_ids) = 0`,
                    sql<boolean>`component_ids && ${sql.val(components)}::uuid[]`,
                  ]),
            ),
        )
        .onConflict((conflict) => conflict.columns(['subscriber_id', 'event_id']).doNothing())
        .execute();
    }
    if (!event.fanned_out_at) {
      await trx
        .updateTable('status_notice_event')
        .set({ fanned_out_at: now })
        .where('id', '=', event.id)
        .execute();
    }

    const pending = await trx
      .selectFrom('status_notice')
      .select('id')
      .where('event_id', '=', event.id)
      .where('status', '=', 'pending')
      .execute();
    return pending.map((row) => row.id);
  });
}
