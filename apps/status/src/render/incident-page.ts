import type { PageSnapshot, SnapshotIncident } from '@pagefree/core/status-pages/snapshot-types';
import { h } from './h.ts';
import { renderDocument } from './layout.ts';
import { incidentArticle } from './parts.ts';

/** Renders one incident with its whole update timeline. */
export function renderIncidentPage(
  snapshot: PageSnapshot,
  incident: SnapshotIncident,
): Promise<string> {
  return renderDocument({
    title: `${incident.name} · ${snapshot.page.name}`,
    snapshot,
    main: [
      h('h1', { class: 'visually-hidden' }, incident.name),
      incidentArticle(snapshot, incident, { headingLevel: 'h2', link: false }),
      h('p', null, h('a', { href: `/${snapshot.page.slug}` }, 'Back to current status')),
    ],
  });
}
