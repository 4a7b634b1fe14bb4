import type { Db, NoticeEventKind, StatusNoticeEvent } from '@pagefree/db';
import { escapeHtml } from '../../notifications/channels/email.ts';

/** The text of a notice, before the per-subscriber unsubscribe link is added. */
export interface NoticeContent {
  subject: string;
  /** Plain-text lines; update bodies are the Markdown their author wrote, shown as text. */
  lines: string[];
  /** The status site page with more detail. */
  url: string;
  /** JSON body for webhook subscribers, without delivery fields. */
  webhook: Record<string, unknown>;
}

export interface NoticePage {
  id: string;
  name: string;
  slug: string;
  time_zone: string;
}

const INCIDENT_STATUS_LABEL = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
} as const;

const MAINTENANCE_SUBJECT: Record<Extract<NoticeEventKind, `maintenance_${string}`>, string> = {
  maintenance_scheduled: 'Maintenance scheduled',
  maintenance_reminder: 'Maintenance starts soon',
  maintenance_started: 'Maintenance in progress',
  maintenance_completed: 'Maintenance completed',
};

/** Builds a notice from its event; null when what it described was deleted since. */
export async function loadNoticeContent(
  db: Db,
  event: StatusNoticeEvent,
  page: NoticePage,
  statusSiteUrl: string,
): Promise<NoticeContent | null> {
  const pageUrl = `${statusSiteUrl}/${page.slug}`;
  const componentNames = await loadComponentNames(db, event.component_ids);
  const affected = componentNames.length > 0 ? [`Affected: ${componentNames.join(', ')}`] : [];

  if (event.kind === 'incident_created' || event.kind === 'incident_updated') {
    if (!event.status_incident_id || !event.update_id) return null;
    const incident = await db
      .selectFrom('status_incident')
      .select(['id', 'title', 'impact'])
      .where('id', '=', event.status_incident_id)
      .executeTakeFirst();
    const update = await db
      .selectFrom('status_incident_update')
      .select(['id', 'status', 'body', 'created_at'])
      .where('id', '=', event.update_id)
      .executeTakeFirst();
    if (!incident || !update) return null;
    const url = `${pageUrl}/incidents/${incident.id}`;
    const label = INCIDENT_STATUS_LABEL[update.status];
    return {
      subject: `[${page.name}] ${incident.title} (${label})`,
      lines: [
        incident.title,
        `Status: ${label}`,
        ...affected,
        '',
        update.body,
        '',
        `Posted ${formatInstant(update.created_at, page.time_zone)}.`,
      ],
      url,
      webhook: {
        event: event.kind,
        page: { id: page.id, name: page.name, url: pageUrl },
        incident: {
          id: incident.id,
          name: incident.title,
          impact: incident.impact,
          status: update.status,
          url,
          componentNames,
          update: {
            id: update.id,
            status: update.status,
            body: update.body,
            createdAt: update.created_at.toISOString(),
          },
        },
      },
    };
  }

  if (!event.maintenance_id || !event.occurrence_starts_at) return null;
  const maintenance = await db
    .selectFrom('status_maintenance')
    .select(['id', 'title', 'body', 'occurrence_starts_at', 'occurrence_ends_at'])
    .where('id', '=', event.maintenance_id)
    .executeTakeFirst();
  if (!maintenance) return null;
  // The row may have moved on to its next occurrence; the event names the one it is about.
  const startsAt = event.occurrence_starts_at;
  const lengthMs =
    maintenance.occurrence_ends_at.getTime() - maintenance.occurrence_starts_at.getTime();
  const endsAt = new Date(startsAt.getTime() + lengthMs);
  const heading = MAINTENANCE_SUBJECT[event.kind];
  return {
    subject: `[${page.name}] ${heading}: ${maintenance.title}`,
    lines: [
      maintenance.title,
      `${heading}.`,
      `Window: ${formatInstant(startsAt, page.time_zone)} to ${formatInstant(endsAt, page.time_zone)}`,
      ...affected,
      ...(maintenance.body ? ['', maintenance.body] : []),
    ],
    url: pageUrl,
    webhook: {
      event: event.kind,
      page: { id: page.id, name: page.name, url: pageUrl },
      maintenance: {
        id: maintenance.id,
        name: maintenance.title,
        body: maintenance.body,
        scheduledFor: startsAt.toISOString(),
        scheduledUntil: endsAt.toISOString(),
        componentNames,
      },
    },
  };
}

/** Adds the links every notice ends with, and renders the text as escaped HTML. */
export function composeNoticeEmail(
  content: NoticeContent,
  pageName: string,
  unsubscribeUrl: string,
): { text: string; html: string } {
  const footer = [
    `Read more: ${content.url}`,
    '',
    `You receive this because you subscribed to ${pageName}.`,
    `Unsubscribe: ${unsubscribeUrl}`,
  ];
  const text = [...content.lines, '', ...footer, ''].join('\n');
  const html = [
    '<!doctype html>',
    '<html><body>',
    `<div style="white-space: pre-wrap">${escapeHtml(content.lines.join('\n'))}</div>`,
    `<p><a href="${escapeHtml(content.url)}">Read more on the status page</a></p>`,
    `<p style="color: #555">You receive this because you subscribed to ${escapeHtml(pageName)}. ` +
      `<a href="${escapeHtml(unsubscribeUrl)}">Unsubscribe</a></p>`,
    '</body></html>',
  ].join('\n');
  return { text, html };
}

/** Formats an instant like "26 February 2019, 09:00 GMT+13" in the page's time zone. */
export function formatInstant(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(instant);
}

async function loadComponentNames(db: Db, componentIds: string[]): Promise<string[]> {
  if (componentIds.length === 0) return [];
  const rows = await db
    .selectFrom('status_component')
    .select('name')
    .where('id', 'in', componentIds)
    .orderBy('position')
    .execute();
  return rows.map((row) => row.name);
}
