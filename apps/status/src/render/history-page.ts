import type { PageSnapshot } from '@pagefree/core/status-pages/snapshot-types';
import { localDateKey } from './dates.ts';
import { h } from './h.ts';
import { renderDocument } from './layout.ts';
import { dayHeading, incidentArticle } from './parts.ts';

/** Renders every incident in the snapshot, grouped by the day it began in the page's time zone. */
export function renderHistoryPage(snapshot: PageSnapshot): Promise<string> {
  const zone = snapshot.page.timeZone;
  const byDay = new Map<string, typeof snapshot.incidents>();
  for (const incident of snapshot.incidents) {
    const day = localDateKey(incident.createdAt, zone);
    byDay.set(day, [...(byDay.get(day) ?? []), incident]);
  }
  const days = [...byDay.keys()].sort().reverse();

  return renderDocument({
    title: `Incident history · ${snapshot.page.name}`,
    snapshot,
    main: [
      h('h1', null, 'Incident history'),
      h('p', { class: 'lead' }, `Dates are days in ${zone}.`),
      days.length === 0
        ? h('p', null, 'No incidents reported.')
        : days.map((day) =>
            h(
              'section',
              { class: 'day' },
              dayHeading(day),
              byDay.get(day)!.map((incident) =>
                incidentArticle(snapshot, incident, {
                  headingLevel: 'h4',
                  link: true,
                  latestOnly: true,
                }),
              ),
            ),
          ),
    ],
  });
}
