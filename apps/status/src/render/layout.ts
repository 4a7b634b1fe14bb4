import type { PageSnapshot } from '@pagefree/core/status-pages/snapshot-types';
import { raw } from 'hono/html';
import { ASSETS } from './assets.ts';
import { formatDateTime } from './dates.ts';
import { type Child, h, type Markup, renderToString } from './h.ts';

export interface LayoutOptions {
  title: string;
  /** The page the document belongs to; null for documents outside any page (404). */
  snapshot: PageSnapshot | null;
  main: Child;
  /** Inline the stylesheet, for previews shown outside the status site. */
  inlineStyles?: boolean;
}

/** `<time>` in the page's zone; the optional script adds the viewer's local time after it. */
export function timeElement(
  iso: string,
  timeZone: string,
  text = formatDateTime(iso, timeZone),
): Markup {
  return h('time', { datetime: iso, 'data-local': '' }, text);
}

/** Renders the document around every status page: landmarks, skip link, header, footer. */
export async function renderDocument(options: LayoutOptions): Promise<string> {
  const { snapshot } = options;
  const base = snapshot ? `/${snapshot.page.slug}` : '';
  const head = h(
    'head',
    null,
    h('meta', { charset: 'utf-8' }),
    h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    h('title', null, options.title),
    // An empty icon, so browsers do not request /favicon.ico.
    h('link', { rel: 'icon', href: 'data:,' }),
    options.inlineStyles
      ? // The stylesheet is a constant of this package, inserted unescaped because `<style>` is
        // raw text: an escaped `"` or `>` would stay in the CSS and break its rules.
        h('style', null, raw(ASSETS.stylesheet.body))
      : h('link', { rel: 'stylesheet', href: ASSETS.stylesheet.path }),
    snapshot
      ? [
          h('link', {
            rel: 'alternate',
            type: 'application/atom+xml',
            title: `${snapshot.page.name} incident history (Atom)`,
            href: `${base}/history.atom`,
          }),
          h('link', {
            rel: 'alternate',
            type: 'application/rss+xml',
            title: `${snapshot.page.name} incident history (RSS)`,
            href: `${base}/history.rss`,
          }),
        ]
      : null,
    options.inlineStyles ? null : h('script', { src: ASSETS.localTime.path, defer: true }),
  );

  const header = h(
    'header',
    { class: 'site-header' },
    h(
      'div',
      { class: 'wrap' },
      h('p', { class: 'brand' }, snapshot ? h('a', { href: base }, snapshot.page.name) : 'Status'),
      snapshot
        ? h(
            'nav',
            { class: 'site-nav', 'aria-label': 'Status page' },
            h('a', { href: base }, 'Current status'),
            h('a', { href: `${base}/history` }, 'Incident history'),
            snapshot.page.visibility === 'public'
              ? h('a', { href: `${base}#subscribe` }, 'Subscribe')
              : null,
            // Only partners see a private page on the status site. Previews (inline
            // styles, shown in the console) get no form that would post elsewhere.
            snapshot.page.visibility === 'private' && !options.inlineStyles
              ? h(
                  'form',
                  { method: 'post', action: `${base}/partner/sign-out`, class: 'sign-out' },
                  h('button', { type: 'submit', class: 'link-button' }, 'Sign out'),
                )
              : null,
          )
        : null,
    ),
  );

  const footer = snapshot
    ? h(
        'footer',
        { class: 'site-footer wrap' },
        h(
          'p',
          null,
          'Last updated ',
          timeElement(snapshot.publishedAt, snapshot.page.timeZone),
          `. Times are shown in ${snapshot.page.timeZone}.`,
          h('span', { 'data-viewer-zone': '' }),
        ),
        h(
          'p',
          null,
          h('a', { href: `${base}/api/v2/summary.json` }, 'JSON API'),
          ' · ',
          h('a', { href: `${base}/history.atom` }, 'Atom feed'),
          ' · ',
          h('a', { href: `${base}/history.rss` }, 'RSS feed'),
          snapshot.page.supportUrl
            ? [' · ', h('a', { href: snapshot.page.supportUrl, rel: 'noopener' }, 'Support')]
            : null,
          ' · Powered by PageFree',
        ),
      )
    : null;

  const document = h(
    'html',
    { lang: 'en', 'data-time-zone': snapshot?.page.timeZone ?? 'UTC' },
    head,
    h(
      'body',
      null,
      h('a', { class: 'skip-link', href: '#main' }, 'Skip to content'),
      header,
      h('main', { id: 'main', class: 'wrap', tabindex: '-1' }, options.main),
      footer,
    ),
  );
  return `<!doctype html>${await renderToString(document)}`;
}
