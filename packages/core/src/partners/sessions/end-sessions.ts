import type { Db, PartnerSessionEndReason } from '@pagefree/db';

/**
 * Ends the open sessions matching the filter and returns how many. The caller announces the
 * change after its transaction commits, so status sites drop their cached checks.
 */
export async function endSessions(
  db: Db,
  filter: { partnerId?: string; grantId?: string; sessionId?: string },
  reason: PartnerSessionEndReason,
  now: Date,
): Promise<number> {
  let query = db
    .updateTable('partner_session')
    .set({ ended_at: now, end_reason: reason })
    .where('ended_at', 'is', null);
  if (filter.partnerId) query = query.where('partner_id', '=', filter.partnerId);
  if (filter.grantId) query = query.where('grant_id', '=', filter.grantId);
  if (filter.sessionId) query = query.where('id', '=', filter.sessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
