import type { PageSnapshot } from '@pagefree/core/status-pages/snapshot-types';
import { dateKeysEndingOn, localDateKey } from './dates.ts';
import { h, type Markup } from './h.ts';
import { INDICATOR_SYMBOL } from './labels.ts';
import { renderDocument } from './layout.ts';
import { componentRow, dayHeading, incidentArticle, maintenanceArticle } from './parts.ts';
import { type FormProblem, subscribeSection } from './subscribe-form.ts';

/** Days of past incidents listed on the main page; the history page lists the rest. */
export const PAST_INCIDENT_DAYS = 7;

export interface StatusPageOptions {
  inlineStyles?: boolean;
  subscribe?: { problem?: FormProblem; email?: string; url?: string };
}

/** The main status page: overall status, active incidents, maintenance, components, recent days. */
export function renderStatusPage(
  snapshot: PageSnapshot,
  options: StatusPageOptions = {},
): Promise<string> {
  const main = [
    h('h1', null, snapshot.page.name),
    snapshot.page.description ? h('p', { class: 'lead' }, snapshot.page.description) : null,
    overallBanner(snapshot),
    activeIncidents(snapshot),
    maintenance(snapshot),
    components(snapshot),
    pastIncidents(snapshot),
    snapshot.page.visibility === 'public' ? subscribeSection(snapshot, options.subscribe) : null,
  ];
  return renderDocument({
    title: `${snapshot.page.name} status`,
    snapshot,
    main,
    ...(options.inlineStyles && { inlineStyles: true }),
  });
}

function overallBanner(snapshot: PageSnapshot): Markup {
  const maintenanceOnly =
    snapshot.status.indicator === 'none' &&
    snapshot.components.some((component) => component.status === 'under_maintenance');
  return h(
    'section',
    {
      class: `overall overall--${maintenanceOnly ? 'maintenance' : snapshot.status.indicator}`,
      'aria-labelledby': 'overall-status',
    },
    h(
      'span',
      { class: 'symbol', 'aria-hidden': 'true' },
      maintenanceOnly ? '⚙' : INDICATOR_SYMBOL[snapshot.status.indicator],
    ),
    h('h2', { id: 'overall-status' }, snapshot.status.description),
  );
}

function activeIncidents(snapshot: PageSnapshot): Markup | null {
  const active = snapshot.incidents.filter((incident) => incident.status !== 'resolved');
  if (active.length === 0) return null;
  return h(
    'section',
    { 'aria-labelledby': 'active-incidents' },
    h('h2', { id: 'active-incidents' }, 'Active incidents'),
    active.map((incident) =>
      incidentArticle(snapshot, incident, { headingLevel: 'h3', link: true }),
    ),
  );
}

function maintenance(snapshot: PageSnapshot): Markup | null {
  const open = snapshot.maintenances.filter((entry) => entry.status !== 'completed');
  if (open.length === 0) return null;
  return h(
    'section',
    { 'aria-labelledby': 'maintenance' },
    h('h2', { id: 'maintenance' }, 'Maintenance'),
    open.map((entry) => maintenanceArticle(snapshot, entry)),
  );
}

function components(snapshot: PageSnapshot): Markup | null {
  if (snapshot.components.length === 0) return null;
  const loose = snapshot.components.filter((component) => component.sectionId === null);
  return h(
    'section',
    { 'aria-labelledby': 'components' },
    h('h2', { id: 'components' }, 'Components'),
    h(
      'div',
      { class: 'card' },
      loose.length > 0 ? h('ul', { class: 'components' }, loose.map(componentRow)) : null,
      snapshot.sections.map((section) => {
        const members = snapshot.components.filter(
          (component) => component.sectionId === section.id,
        );
        if (members.length === 0) return null;
        return [
          h('h3', { class: 'section-title' }, section.name),
          h('ul', { class: 'components' }, members.map(componentRow)),
        ];
      }),
    ),
  );
}

function pastIncidents(snapshot: PageSnapshot): Markup {
  const zone = snapshot.page.timeZone;
  const days = dateKeysEndingOn(snapshot.localDate, PAST_INCIDENT_DAYS);
  return h(
    'section',
    { 'aria-labelledby': 'past-incidents' },
    h('h2', { id: 'past-incidents' }, 'Past incidents'),
    days.map((day) => {
      const onDay = snapshot.incidents.filter(
        (incident) => localDateKey(incident.createdAt, zone) === day,
      );
      return h(
        'div',
        { class: 'day' },
        dayHeading(day),
        onDay.length === 0
          ? h('p', { class: 'muted' }, 'No incidents reported.')
          : onDay.map((incident) =>
              incidentArticle(snapshot, incident, {
                headingLevel: 'h4',
                link: true,
                latestOnly: true,
              }),
            ),
      );
    }),
    h('p', null, h('a', { href: `/${snapshot.page.slug}/history` }, 'Incident history')),
  );
}
