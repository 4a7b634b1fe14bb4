import type { PageSnapshot } from '@pagefree/core/status-pages/snapshot-types';
import { type Child, h } from './h.ts';
import { renderDocument } from './layout.ts';

/** Renders a short page with a heading and text, for confirmations, errors and not-found responses. */
export function renderMessagePage(options: {
  snapshot: PageSnapshot | null;
  title: string;
  body: Child;
}): Promise<string> {
  return renderDocument({
    title: options.snapshot ? `${options.title} · ${options.snapshot.page.name}` : options.title,
    snapshot: options.snapshot,
    main: [h('h1', null, options.title), h('div', { class: 'card' }, options.body)],
  });
}

/**
 * Renders the response for an unknown slug, and for a private page to a viewer without
 * access. Both are byte-identical, so the response does not reveal that a private page exists.
 */
export function renderNotFoundPage(): Promise<string> {
  return renderMessagePage({
    snapshot: null,
    title: 'Status page not found',
    body: h('p', null, 'There is no status page at this address. Check the link you followed.'),
  });
}

/** Renders the response for an incident id that a visible page does not list. */
export function renderIncidentNotFoundPage(snapshot: PageSnapshot): Promise<string> {
  return renderMessagePage({
    snapshot,
    title: 'Incident not found',
    body: h(
      'p',
      null,
      'This page lists no incident at this address. See ',
      h('a', { href: `/${snapshot.page.slug}/history` }, 'the incident history'),
      '.',
    ),
  });
}
