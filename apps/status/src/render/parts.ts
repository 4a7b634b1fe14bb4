import type {
  PageSnapshot,
  SnapshotComponent,
  SnapshotIncident,
  SnapshotMaintenance,
} from '@pagefree/core/status-pages/snapshot-types';
import type { ComponentStatus } from '@pagefree/db';
import { formatDateKey, formatShortDateKey } from './dates.ts';
import { h, type Markup } from './h.ts';
import {
  COMPONENT_STATUS_LABEL,
  COMPONENT_STATUS_SYMBOL,
  IMPACT_LABEL,
  INCIDENT_STATUS_LABEL,
  MAINTENANCE_STATUS_LABEL,
} from './labels.ts';
import { timeElement } from './layout.ts';
import { renderMarkdown } from './markdown.ts';

export function statusLabel(status: ComponentStatus): Markup {
  return h(
    'span',
    { class: `status status--${status}` },
    h('span', { class: 'symbol', 'aria-hidden': 'true' }, COMPONENT_STATUS_SYMBOL[status]),
    ' ',
    COMPONENT_STATUS_LABEL[status],
  );
}

export function incidentUrl(snapshot: PageSnapshot, incidentId: string): string {
  return `/${snapshot.page.slug}/incidents/${incidentId}`;
}

/** Renders one incident with its updates, newest first, under a heading of `headingLevel`. */
export function incidentArticle(
  snapshot: PageSnapshot,
  incident: SnapshotIncident,
  options: { headingLevel: 'h2' | 'h3' | 'h4'; link: boolean; latestOnly?: boolean },
): Markup {
  const zone = snapshot.page.timeZone;
  const names = componentNames(
    snapshot,
    incident.components.map((entry) => entry.id),
  );
  const updates = options.latestOnly ? incident.updates.slice(0, 1) : incident.updates;
  return h(
    'article',
    { class: `card incident incident--${incident.impact}` },
    h(
      options.headingLevel,
      null,
      options.link
        ? h('a', { href: incidentUrl(snapshot, incident.id) }, incident.name)
        : incident.name,
    ),
    h(
      'p',
      { class: 'meta' },
      `${INCIDENT_STATUS_LABEL[incident.status]} · ${IMPACT_LABEL[incident.impact]}`,
      names.length > 0 ? ` · Affects ${names.join(', ')}` : null,
    ),
    h(
      'ol',
      { class: 'updates', 'aria-label': 'Updates, newest first' },
      updates.map((update) =>
        h(
          'li',
          { class: 'update' },
          h(
            'p',
            { class: 'meta' },
            h('span', { class: 'update__status' }, INCIDENT_STATUS_LABEL[update.status]),
            ' · ',
            timeElement(update.createdAt, zone),
          ),
          h('div', { class: 'update__body' }, renderMarkdown(update.body)),
        ),
      ),
    ),
    options.latestOnly && incident.updates.length > 1
      ? h(
          'p',
          null,
          h(
            'a',
            { href: incidentUrl(snapshot, incident.id) },
            `All ${incident.updates.length} updates`,
          ),
        )
      : null,
  );
}

export function maintenanceArticle(
  snapshot: PageSnapshot,
  maintenance: SnapshotMaintenance,
): Markup {
  const zone = snapshot.page.timeZone;
  const names = componentNames(snapshot, maintenance.componentIds);
  return h(
    'article',
    { class: 'card incident incident--maintenance' },
    h('h3', null, maintenance.name),
    h(
      'p',
      { class: 'meta' },
      `${MAINTENANCE_STATUS_LABEL[maintenance.status]} · `,
      timeElement(maintenance.scheduledFor, zone),
      ' to ',
      timeElement(maintenance.scheduledUntil, zone),
      maintenance.recurrence ? ` · Repeats ${describeRecurrence(maintenance.recurrence)}` : null,
      names.length > 0 ? ` · Affects ${names.join(', ')}` : null,
    ),
    maintenance.body ? h('div', { class: 'update__body' }, renderMarkdown(maintenance.body)) : null,
  );
}

function describeRecurrence(recurrence: NonNullable<SnapshotMaintenance['recurrence']>): string {
  const unit = { daily: 'day', weekly: 'week', monthly: 'month' }[recurrence.frequency];
  return recurrence.interval === 1 ? `every ${unit}` : `every ${recurrence.interval} ${unit}s`;
}

export function componentNames(snapshot: PageSnapshot, ids: readonly string[]): string[] {
  return snapshot.components.filter((component) => ids.includes(component.id)).map((c) => c.name);
}

/**
 * Renders a component row: name, status in words, and the 90-day uptime bars. The bars are
 * a visual summary hidden from screen readers. The text beside them names the days that had
 * outages, so no information depends on colour.
 */
export function componentRow(component: SnapshotComponent): Markup {
  return h(
    'li',
    { class: 'component' },
    h(
      'div',
      { class: 'component__head' },
      h('span', { class: 'component__name' }, component.name),
      statusLabel(component.status),
    ),
    component.description
      ? h('p', { class: 'component__description' }, component.description)
      : null,
    component.uptime ? uptimeBlock(component) : null,
  );
}

function uptimeBlock(component: SnapshotComponent): Markup | null {
  const uptime = component.uptime;
  if (!uptime) return null;
  const troubled = uptime.days.filter(
    (day) => day.status !== 'operational' && day.status !== 'no_data',
  );
  const firstRecorded = uptime.days.find((day) => day.status !== 'no_data');
  let summary = 'No uptime data yet.';
  if (uptime.percent !== null && firstRecorded) {
    summary =
      firstRecorded === uptime.days[0]
        ? `${uptime.percent.toFixed(2)}% uptime over the past ${uptime.days.length} days.`
        : `${uptime.percent.toFixed(2)}% uptime since ${formatDateKey(firstRecorded.date)}.`;
  }
  return h(
    'div',
    { class: 'uptime' },
    h('p', { class: 'uptime__summary' }, summary),
    h(
      'ol',
      { class: 'uptime__bars', 'aria-hidden': 'true' },
      uptime.days.map((day) =>
        h('li', {
          class: `bar--${day.status}`,
          title:
            day.status === 'no_data'
              ? `${formatDateKey(day.date)}: no data`
              : `${formatDateKey(day.date)}: ${COMPONENT_STATUS_LABEL[day.status]}${day.uptimePercent === null ? '' : `, ${day.uptimePercent.toFixed(2)}% up`}`,
        }),
      ),
    ),
    h(
      'div',
      { class: 'uptime__legend', 'aria-hidden': 'true' },
      h(
        'span',
        null,
        h('span', { class: 'long' }, `${uptime.days.length} days ago`),
        h('span', { class: 'short' }, '30 days ago'),
      ),
      h('span', null, 'Today'),
    ),
    troubled.length > 0
      ? h(
          'p',
          { class: 'visually-hidden' },
          `Days with problems: ${troubled
            .map(
              (day) =>
                `${formatShortDateKey(day.date)} ${COMPONENT_STATUS_LABEL[day.status as ComponentStatus].toLowerCase()}`,
            )
            .join('; ')}.`,
        )
      : null,
  );
}

/** Heading for a day of incidents, e.g. "26 February 2019". */
export function dayHeading(dateKey: string): Markup {
  return h('h3', null, h('time', { datetime: dateKey }, formatDateKey(dateKey)));
}
