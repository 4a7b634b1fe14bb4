import type { PageSnapshot } from '@pagefree/core/status-pages/snapshot-types';
import { h, type Markup } from './h.ts';

export interface FormProblem {
  field: string;
  message: string;
}

/**
 * Renders the subscribe section: email (with double opt-in), a webhook alternative, and the feeds.
 * Component checkboxes narrow what a subscriber hears about; none checked means everything.
 */
export function subscribeSection(
  snapshot: PageSnapshot,
  options: { problem?: FormProblem; email?: string; url?: string } = {},
): Markup {
  const base = `/${snapshot.page.slug}`;
  const problemFor = (field: string) =>
    options.problem?.field === field
      ? h('p', { class: 'field-error', id: `${field}-error` }, options.problem.message)
      : null;
  const components =
    snapshot.components.length > 0
      ? h(
          'details',
          null,
          h('summary', null, 'Only some components'),
          h(
            'fieldset',
            null,
            h('legend', null, 'Components (none checked means all)'),
            snapshot.components.map((component) =>
              h(
                'label',
                { class: 'checkbox' },
                h('input', { type: 'checkbox', name: 'components', value: component.id }),
                component.name,
              ),
            ),
          ),
        )
      : null;

  return h(
    'section',
    { id: 'subscribe', 'aria-labelledby': 'subscribe-heading' },
    h('h2', { id: 'subscribe-heading' }, 'Get updates'),
    h(
      'div',
      { class: 'card' },
      h(
        'form',
        { method: 'post', action: `${base}/subscribe` },
        h('label', { for: 'subscribe-email' }, 'Email address'),
        h('input', {
          id: 'subscribe-email',
          type: 'email',
          name: 'email',
          required: true,
          autocomplete: 'email',
          value: options.email ?? '',
          'aria-describedby': options.problem?.field === 'email' ? 'email-error' : undefined,
        }),
        problemFor('email'),
        problemFor('components'),
        components,
        h('button', { type: 'submit' }, 'Subscribe by email'),
        h(
          'p',
          { class: 'muted' },
          'We send a confirmation email first; nothing else arrives until you confirm.',
        ),
      ),
      h(
        'details',
        { open: options.problem?.field === 'url' ? true : undefined },
        h('summary', null, 'Subscribe a webhook instead'),
        h(
          'form',
          { method: 'post', action: `${base}/subscribe/webhook` },
          h('label', { for: 'subscribe-url' }, 'Webhook URL (https)'),
          h('input', {
            id: 'subscribe-url',
            type: 'url',
            name: 'url',
            required: true,
            value: options.url ?? '',
            'aria-describedby': options.problem?.field === 'url' ? 'url-error' : undefined,
          }),
          problemFor('url'),
          h('button', { type: 'submit' }, 'Subscribe webhook'),
          h(
            'p',
            { class: 'muted' },
            'Each notice is a signed JSON POST; the signing secret is shown once after you subscribe.',
          ),
        ),
      ),
      h(
        'p',
        null,
        'Or follow the ',
        h('a', { href: `${base}/history.atom` }, 'Atom feed'),
        ', the ',
        h('a', { href: `${base}/history.rss` }, 'RSS feed'),
        ' or the ',
        h('a', { href: `${base}/api/v2/summary.json` }, 'JSON API'),
        '.',
      ),
    ),
  );
}
