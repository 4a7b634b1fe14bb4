import type { Config } from '@pagefree/config';
import type { Db } from '@pagefree/db';
import { type PushService, stormTitle } from '@pagefree/testing';
import { sql } from 'kysely';
import { type PagingFixture, seedPagingFixture } from '../../support/paging-fixture.ts';

export interface StormCounts {
  /** `alert` rows of the storm, a retried webhook's second copy included. */
  alertRows: number;
  /** Distinct alerts stored (by their `seq` label): equals the alerts sent when none was lost. */
  distinctAlerts: number;
  incidents: number;
  /**
   * Push notification rows of the storm's incidents, and how many were sent. Responders are
   * also paged by email to their account address, which these stacks have no SMTP server for.
   */
  notifications: number;
  sentNotifications: number;
  /** Incidents with more than one push notification. */
  incidentsPagedTwice: number;
}

/** Counts what the database holds for storm `runId`. */
export async function countStorm(db: Db, runId: string): Promise<StormCounts> {
  const alerts = await sql<{ rows: string; distinct_alerts: string }>`
    SELECT count(*)::text AS rows, count(DISTINCT payload->'labels'->>'seq')::text AS distinct_alerts
    FROM alert WHERE payload->'labels'->>'storm' = ${runId}
  `.execute(db);
  const incidents = await sql<{ id: string }>`
    SELECT id FROM incident WHERE dedup_key LIKE ${`%storm="${runId}"%`}
  `.execute(db);
  const ids = incidents.rows.map((row) => row.id);
  const notifications =
    ids.length === 0
      ? []
      : await db
          .selectFrom('notification')
          .select(['incident_id', 'status'])
          .where('incident_id', 'in', ids)
          .where('channel', '=', 'push')
          .execute();
  const perIncident = new Map<string, number>();
  for (const row of notifications)
    perIncident.set(row.incident_id, (perIncident.get(row.incident_id) ?? 0) + 1);

  return {
    alertRows: Number(alerts.rows[0]?.rows ?? 0),
    distinctAlerts: Number(alerts.rows[0]?.distinct_alerts ?? 0),
    incidents: ids.length,
    notifications: notifications.length,
    sentNotifications: notifications.filter((row) => row.status === 'sent').length,
    incidentsPagedTwice: [...perIncident.values()].filter((count) => count > 1).length,
  };
}

/** Pushes the push service received per storm incident group, by group number. */
export function pushesPerIncident(push: PushService, runId: string, incidents: number): number[] {
  const titles = Array.from({ length: incidents }, (_, incident) => stormTitle(runId, incident));
  return titles.map(
    (title) =>
      push.received.filter((received) => (received.payload as { title?: string }).title === title)
        .length,
  );
}

/**
 * Seeds a team whose policy pages responder 0 by push (level two waits five minutes, longer
 * than any test), and returns the storm's ingestion URL.
 */
export async function seedStormTarget(
  db: Db,
  config: Config,
  serverUrl: string,
  push: PushService,
): Promise<{ url: string; fixture: PagingFixture }> {
  const fixture = await seedPagingFixture(db, config);
  const subscription = push.createSubscription();
  await db
    .insertInto('push_subscription')
    .values({
      user_id: fixture.responders[0]!.id,
      endpoint: subscription.endpoint,
      p256dh: subscription.p256dh,
      auth: subscription.auth,
    })
    .execute();
  return { url: `${serverUrl}/integrations/${fixture.integration.key}/alertmanager`, fixture };
}

/** Polls until every incident of the storm has a sent notification, or fails after `timeoutMs`. */
export async function waitForPages(
  db: Db,
  runId: string,
  incidents: number,
  timeoutMs: number,
): Promise<StormCounts> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await countStorm(db, runId).catch(() => null);
    if (counts && counts.incidents === incidents && counts.sentNotifications >= incidents)
      return counts;
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${incidents} pages: ${JSON.stringify(counts)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
