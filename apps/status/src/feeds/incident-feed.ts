import type { PageSnapshot, SnapshotIncident } from '@pagefree/core/status-pages/snapshot-types';
import { Feed } from 'feed';
import { micromark } from 'micromark';
import { formatDateTime } from '../render/dates.ts';
import { INCIDENT_STATUS_LABEL } from '../render/labels.ts';

/**
 * Builds the Atom or RSS feed of a page's incidents, one entry per incident with its
 * updates as the content, newest incident first. The `feed` package puts titles and content
 * into CDATA sections marked as HTML. So every piece of text is escaped here first, and
 * update bodies are rendered with micromark's raw-HTML escaping, which feed readers then
 * show as text.
 */
export function buildIncidentFeed(
  snapshot: PageSnapshot,
  format: 'atom' | 'rss',
  componentId: string | null,
): string {
  const page = snapshot.page;
  const incidents = componentId
    ? snapshot.incidents.filter((incident) => incident.components.some((c) => c.id === componentId))
    : snapshot.incidents;
  const query = componentId ? `?component=${componentId}` : '';
  const feed = new Feed({
    id: `${page.url}/history.${format}${query}`,
    title: `${page.name} status`,
    description: page.description || `Incidents reported on ${page.name}`,
    link: page.url,
    updated: new Date(snapshot.publishedAt),
    generator: 'PageFree',
    copyright: '',
    feedLinks: { atom: `${page.url}/history.atom${query}`, rss: `${page.url}/history.rss${query}` },
  });

  for (const incident of incidents) {
    const url = `${page.url}/incidents/${incident.id}`;
    feed.addItem({
      id: url,
      title: escapeHtml(incident.name),
      link: url,
      date: new Date(incident.updatedAt),
      published: new Date(incident.createdAt),
      description: escapeHtml(summary(incident)),
      content: renderUpdates(incident, page.timeZone),
    });
  }
  return format === 'atom' ? feed.atom1() : feed.rss2();
}

function summary(incident: SnapshotIncident): string {
  const latest = incident.updates[0];
  return latest
    ? `${INCIDENT_STATUS_LABEL[latest.status]}: ${latest.body.slice(0, 280)}`
    : INCIDENT_STATUS_LABEL[incident.status];
}

function renderUpdates(incident: SnapshotIncident, timeZone: string): string {
  return incident.updates
    .map(
      (update) =>
        `<p><strong>${INCIDENT_STATUS_LABEL[update.status]}</strong> - ${escapeHtml(formatDateTime(update.createdAt, timeZone))}</p>` +
        micromark(update.body, { allowDangerousHtml: false, allowDangerousProtocol: false }),
    )
    .join('\n');
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
