import { randomUUID } from 'node:crypto';
import type { AlertAction, Severity } from '@pagefree/db';
import type { NormalizedAlert } from '../normalized-alert.ts';
import { PayloadFormatError } from '../normalized-alert.ts';
import type { JsonObject, LinkCandidate } from './fields.ts';
import {
  buildLinks,
  isJsonObject,
  MAX_DESCRIPTION_LENGTH,
  MAX_SUMMARY_LENGTH,
  readText,
  readTextField,
  requireJsonObject,
  truncate,
} from './fields.ts';

const EVENT_ACTIONS: readonly AlertAction[] = ['trigger', 'acknowledge', 'resolve'];
const SEVERITIES: readonly Severity[] = ['critical', 'error', 'warning', 'info'];

/** Maximum `dedup_key` length that the PagerDuty Events API v2 reference permits. */
const MAX_DEDUP_KEY_LENGTH = 255;

/**
 * Parses a PagerDuty Events API v2 event into one alert, validating the fields PagerDuty
 * requires. A trigger without `dedup_key` gets a random UUID, which the HTTP layer returns
 * to the sender as `dedup_key`. `routing_key` is checked by the HTTP layer, not here.
 */
export function parsePagerDuty(body: unknown): NormalizedAlert[] {
  const event = requireJsonObject(body);

  const action = readEventAction(event);
  const dedupKey = readDedupKey(event, action);
  const details = action === 'trigger' ? readTriggerDetails(event) : readFollowUpDetails(event);

  return [
    {
      dedupKey,
      action,
      summary: truncate(details.summary ?? `${action} event for ${dedupKey}`, MAX_SUMMARY_LENGTH),
      description: truncate(details.description, MAX_DESCRIPTION_LENGTH),
      severity: details.severity,
      priority: null,
      source: details.source,
      serviceHint: null,
      links: buildLinks(readLinkCandidates(event)),
      payload: withoutRoutingKey(event),
    },
  ];
}

function readEventAction(event: JsonObject): AlertAction {
  const value = readTextField(event, 'event_action');
  const action = EVENT_ACTIONS.find((candidate) => candidate === value);
  if (action === undefined) {
    throw new PayloadFormatError('event_action', `must be one of ${EVENT_ACTIONS.join(', ')}`);
  }
  return action;
}

function readDedupKey(event: JsonObject, action: AlertAction): string {
  const dedupKey = readText(event.dedup_key);

  if (dedupKey === null) {
    if (action !== 'trigger') {
      throw new PayloadFormatError('dedup_key', `is required for ${action} events`);
    }
    return randomUUID();
  }

  if (dedupKey.length > MAX_DEDUP_KEY_LENGTH) {
    throw new PayloadFormatError(
      'dedup_key',
      `must be at most ${MAX_DEDUP_KEY_LENGTH} characters, got ${dedupKey.length}`,
    );
  }
  return dedupKey;
}

interface EventDetails {
  summary: string | null;
  description: string;
  severity: Severity;
  source: string | null;
}

function readTriggerDetails(event: JsonObject): EventDetails {
  const payload = event.payload;
  if (!isJsonObject(payload)) {
    throw new PayloadFormatError('payload', 'must be a JSON object for trigger events');
  }

  const summary = readText(payload.summary);
  if (summary === null) {
    throw new PayloadFormatError('payload.summary', 'is required for trigger events');
  }

  const source = readText(payload.source);
  if (source === null) {
    throw new PayloadFormatError('payload.source', 'is required for trigger events');
  }

  const severity = SEVERITIES.find((candidate) => candidate === payload.severity);
  if (severity === undefined) {
    throw new PayloadFormatError('payload.severity', `must be one of ${SEVERITIES.join(', ')}`);
  }

  return {
    summary,
    description: describeCustomDetails(payload.custom_details),
    severity,
    source,
  };
}

/** Reads the optional payload of an acknowledge or resolve event, which needs only `dedup_key`. */
function readFollowUpDetails(event: JsonObject): EventDetails {
  const payload = isJsonObject(event.payload) ? event.payload : {};
  const severity = SEVERITIES.find((candidate) => candidate === payload.severity);

  return {
    summary: readText(payload.summary),
    description: describeCustomDetails(payload.custom_details),
    severity: severity ?? 'info',
    source: readText(payload.source),
  };
}

/** Renders `custom_details` as text: a string as sent, an object as one `key: value` line per entry. */
function describeCustomDetails(customDetails: unknown): string {
  const text = readText(customDetails);
  if (text !== null) {
    return text;
  }
  if (!isJsonObject(customDetails)) {
    return '';
  }

  const lines: string[] = [];
  for (const [key, value] of Object.entries(customDetails)) {
    lines.push(`${key}: ${readText(value) ?? JSON.stringify(value)}`);
  }
  return lines.join('\n');
}

function readLinkCandidates(event: JsonObject): LinkCandidate[] {
  const candidates: LinkCandidate[] = [];

  const clientUrl = event.client_url;
  if (clientUrl !== undefined) {
    candidates.push({ href: clientUrl, text: readText(event.client) ?? 'Source' });
  }

  const links = event.links;
  if (links === undefined) {
    return candidates;
  }
  if (!Array.isArray(links)) {
    throw new PayloadFormatError('links', 'must be an array of {href, text} objects');
  }
  for (const link of links) {
    if (isJsonObject(link)) {
      const href = readText(link.href);
      candidates.push({ href, text: readText(link.text) ?? href ?? '' });
    }
  }

  return candidates;
}

/** Drops `routing_key`, because anyone who reads it from a stored alert could send events as the integration. */
function withoutRoutingKey(event: JsonObject): JsonObject {
  const { routing_key: _routingKey, ...rest } = event;
  return rest;
}
