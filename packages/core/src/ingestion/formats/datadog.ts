import type { Severity } from '@pagefree/db';
import type { NormalizedAlert } from '../normalized-alert.ts';
import { PayloadFormatError } from '../normalized-alert.ts';
import {
  buildLinks,
  firstText,
  lookup,
  MAX_DESCRIPTION_LENGTH,
  MAX_SUMMARY_LENGTH,
  readText,
  requireJsonObject,
  truncate,
} from './fields.ts';

type Priority = NormalizedAlert['priority'];

/**
 * The state prefix Datadog puts before a monitor's name in `$EVENT_TITLE`, such as
 * "[Triggered on {host:web-07}] ", "[Re-Warn] " or "[P1] [Recovered] ".
 */
const TITLE_PREFIX =
  /^(?:\[P[1-5]\]\s*)?\[(?:Re-)?(?:Triggered|Recovered|Warn|No Data|Renotify)(?: on \{[^}]*\})?\]\s*/i;

const SEVERITY_BY_ALERT_TYPE: Record<string, Severity> = {
  error: 'error',
  warning: 'warning',
  info: 'info',
  success: 'info',
};

/**
 * Parses a Datadog webhook that uses the default variables (`$AGGREG_KEY`, `$ALERT_TRANSITION`,
 * `$EVENT_TITLE`, ...). The `Recovered` transition resolves, and every other transition
 * (Triggered, Re-Triggered, Warn, No Data, Renotify) triggers.
 */
export function parseDatadog(body: unknown): NormalizedAlert[] {
  const event = requireJsonObject(body);

  const dedupKey = firstText(
    readText(event.aggreg_key),
    readText(event.alert_id),
    readText(event.id),
  );
  if (dedupKey === null) {
    throw new PayloadFormatError(
      'aggreg_key',
      'is missing, and so are alert_id and id. Send $AGGREG_KEY as aggreg_key.',
    );
  }

  const title = readText(event.title);
  if (title === null) {
    throw new PayloadFormatError('title', 'is missing. Send $EVENT_TITLE as title.');
  }

  const transition = readText(event.alert_transition)?.toLowerCase();
  const priority = toPriority(readText(event.priority));
  const alertType = readText(event.alert_type)?.toLowerCase() ?? '';

  return [
    {
      dedupKey,
      action: transition === 'recovered' ? 'resolve' : 'trigger',
      summary: truncate(title.replace(TITLE_PREFIX, '') || title, MAX_SUMMARY_LENGTH),
      description: truncate(
        stripMarkdownMarkers(readText(event.body) ?? ''),
        MAX_DESCRIPTION_LENGTH,
      ),
      severity:
        priority === 'P1' ? 'critical' : (lookup(SEVERITY_BY_ALERT_TYPE, alertType) ?? 'error'),
      priority,
      source: readText(event.hostname),
      serviceHint: firstText(findServiceTag(event.tags), findServiceTag(event.alert_scope)),
      links: buildLinks([{ href: event.link, text: 'Datadog event' }]),
      payload: event,
    },
  ];
}

function toPriority(value: string | null): Priority {
  const normalized = value?.toUpperCase() ?? null;
  switch (normalized) {
    case 'P1':
    case 'P2':
    case 'P3':
    case 'P4':
    case 'P5':
      return normalized;
    case 'LOW':
      return 'P4';
    default:
      // `normal` and absent priorities leave the choice to the service's default.
      return null;
  }
}

/** Removes the `%%%` lines that mark a Datadog message body as Markdown. */
function stripMarkdownMarkers(body: string): string {
  return body.replaceAll('%%%', '').trim();
}

/** Returns `xxx` from the first `service:xxx` entry of a comma-separated tag string or a tag array. */
function findServiceTag(tags: unknown): string | null {
  const entries = Array.isArray(tags) ? tags : (readText(tags)?.split(',') ?? []);

  for (const entry of entries) {
    const tag = readText(entry);
    if (tag?.toLowerCase().startsWith('service:')) {
      const service = tag.slice('service:'.length).trim();
      if (service !== '') {
        return service;
      }
    }
  }
  return null;
}
