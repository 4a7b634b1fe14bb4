import type { Db, NoticeEventKind } from '@pagefree/db';

export interface NoticeEventInput {
  pageId: string;
  kind: NoticeEventKind;
  statusIncidentId?: string | null;
  updateId?: string | null;
  maintenanceId?: string | null;
  occurrenceStartsAt?: Date | null;
  /** Components the event concerns; subscribers filtering on others are skipped. */
  componentIds: readonly string[];
}

/**
 * Records an event to notify subscribers of, in the caller's transaction, and
 * returns its id. A maintenance step already recorded for the same occurrence returns null,
 * so a retried or repeated transition never announces twice.
 */
export async function recordNoticeEvent(trx: Db, event: NoticeEventInput): Promise<string | null> {
  const row = await trx
    .insertInto('status_notice_event')
    .values({
      page_id: event.pageId,
      kind: event.kind,
      status_incident_id: event.statusIncidentId ?? null,
      update_id: event.updateId ?? null,
      maintenance_id: event.maintenanceId ?? null,
      occurrence_starts_at: event.occurrenceStartsAt ?? null,
      component_ids: [...event.componentIds],
    })
    .onConflict((conflict) =>
      conflict
        .columns(['maintenance_id', 'occurrence_starts_at', 'kind'])
        .where('maintenance_id', 'is not', null)
        .doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}
