import type { Db } from '@pagefree/db';

export interface CreatedNotifications {
  notificationIds: string[];
  /** Users who have no push subscription and no enabled contact method. */
  unreachableUserIds: string[];
}

/**
 * Creates one pending notification per channel target of each user (every push
 * subscription and every enabled email or webhook contact method), so each channel is
 * delivered and retried on its own. `pageKey` makes the rows idempotent: running the same
 * escalation step twice creates nothing new.
 */
export async function createNotifications(
  trx: Db,
  incidentId: string,
  userIds: string[],
  pageKey: string,
): Promise<CreatedNotifications> {
  if (userIds.length === 0) {
    return { notificationIds: [], unreachableUserIds: [] };
  }

  const pushTargets = await trx
    .selectFrom('push_subscription')
    .select(['id', 'user_id'])
    .where('user_id', 'in', userIds)
    .execute();
  const contactTargets = await trx
    .selectFrom('contact_method')
    .select(['id', 'user_id', 'type'])
    .where('user_id', 'in', userIds)
    .where('enabled', '=', true)
    .execute();

  const rows = [
    ...pushTargets.map((target) => ({
      user_id: target.user_id,
      channel: 'push' as const,
      target_id: target.id,
    })),
    ...contactTargets.map((target) => ({
      user_id: target.user_id,
      channel: target.type,
      target_id: target.id,
    })),
  ];
  const reachable = new Set(rows.map((row) => row.user_id));
  const unreachableUserIds = userIds.filter((userId) => !reachable.has(userId));
  if (rows.length === 0) {
    return { notificationIds: [], unreachableUserIds };
  }

  const inserted = await trx
    .insertInto('notification')
    .values(rows.map((row) => ({ ...row, incident_id: incidentId, page_key: pageKey })))
    .onConflict((conflict) =>
      conflict.columns(['incident_id', 'page_key', 'channel', 'target_id']).doNothing(),
    )
    .returning('id')
    .execute();
  return { notificationIds: inserted.map((row) => row.id), unreachableUserIds };
}
