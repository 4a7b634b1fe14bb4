import { createHash } from 'node:crypto';
import type { AlertAction, FieldMapping } from '@pagefree/db';
import type { NormalizedAlert } from '../normalized-alert.ts';
import { PayloadFormatError } from '../normalized-alert.ts';
import type { JsonObject } from './fields.ts';
import {
  buildLinks,
  isJsonObject,
  MAX_DESCRIPTION_LENGTH,
  MAX_SUMMARY_LENGTH,
  readText,
  toSeverity,
  truncate,
} from './fields.ts';

const DEFAULT_RESOLVED_VALUES = ['resolved', 'ok', 'closed', 'recovered'];
const DEFAULT_ACKNOWLEDGED_VALUES = ['acknowledged', 'ack'];

/** Length of the dedup key derived from the title: 32 hex characters, the first 128 bits of SHA-256. */
const DERIVED_KEY_LENGTH = 32;

/**
 * Parses arbitrary JSON with the integration's field mapping of dot paths, such as
 * `alerts.0.labels.name`. A top-level array yields one alert per element. Entries missing
 * from the mapping use the defaults `dedup_key`, `title` (then `summary`), `description`,
 * `severity`, `status`, `source` and `link`.
 *
 * @example
 * parseGeneric({ check: { name: 'Disk full' }, state: 'ok' }, { title: 'check.name', status: 'state' });
 * // one alert with action 'resolve' and a dedup key derived from 'Disk full'
 */
export function parseGeneric(body: unknown, fieldMapping: FieldMapping | null): NormalizedAlert[] {
  const mapping = fieldMapping ?? {};

  if (Array.isArray(body)) {
    if (body.length === 0) {
      throw new PayloadFormatError('body', 'must contain at least one alert');
    }
    return body.map((element, index) => {
      if (!isJsonObject(element)) {
        throw new PayloadFormatError(String(index), 'must be a JSON object');
      }
      return toNormalizedAlert(element, mapping, `${index}.`);
    });
  }

  if (!isJsonObject(body)) {
    throw new PayloadFormatError('body', 'must be a JSON object or an array of objects');
  }
  return [toNormalizedAlert(body, mapping, '')];
}

/** `fieldPrefix` locates the element in error messages when the body is an array. */
function toNormalizedAlert(
  element: JsonObject,
  mapping: FieldMapping,
  fieldPrefix: string,
): NormalizedAlert {
  const title = readTitle(element, mapping, fieldPrefix);
  const dedupKey =
    readText(readPath(element, mapping.dedupKey ?? 'dedup_key')) ?? deriveDedupKey(title);
  const description = describeValue(readPath(element, mapping.description ?? 'description'));

  return {
    dedupKey,
    action: readAction(element, mapping),
    summary: truncate(title, MAX_SUMMARY_LENGTH),
    description: truncate(description, MAX_DESCRIPTION_LENGTH),
    severity: toSeverity(readText(readPath(element, mapping.severity ?? 'severity'))),
    priority: null,
    source: readText(readPath(element, mapping.source ?? 'source')),
    serviceHint: null,
    links: buildLinks([{ href: readPath(element, mapping.link ?? 'link'), text: 'Link' }]),
    payload: element,
  };
}

function readTitle(element: JsonObject, mapping: FieldMapping, fieldPrefix: string): string {
  // The `summary` fallback applies only to the default mapping, because a configured path is exact.
  const title =
    mapping.title === undefined
      ? (readText(readPath(element, 'title')) ?? readText(readPath(element, 'summary')))
      : readText(readPath(element, mapping.title));

  if (title === null) {
    throw new PayloadFormatError(
      `${fieldPrefix}${mapping.title ?? 'title'}`,
      'is missing. Send the alert title there as a non-empty string, or change the title path in the field mapping.',
    );
  }
  return title;
}

function readAction(element: JsonObject, mapping: FieldMapping): AlertAction {
  const status = readText(readPath(element, mapping.status ?? 'status'))?.toLowerCase();
  if (status === undefined) {
    return 'trigger';
  }

  const resolvedValues = mapping.resolvedValues ?? DEFAULT_RESOLVED_VALUES;
  if (resolvedValues.some((value) => value.toLowerCase() === status)) {
    return 'resolve';
  }

  const acknowledgedValues = mapping.acknowledgedValues ?? DEFAULT_ACKNOWLEDGED_VALUES;
  if (acknowledgedValues.some((value) => value.toLowerCase() === status)) {
    return 'acknowledge';
  }

  return 'trigger';
}

/**
 * Reads a dot path such as `alerts.0.labels.name`. Numeric segments index arrays, and
 * every other step reads an object's own property, so `__proto__` or `constructor` never
 * reach the prototype. Returns undefined when any step is missing.
 */
export function readPath(root: unknown, path: string): unknown {
  let current = root;

  for (const segment of path.split('.')) {
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(segment)) {
        return undefined;
      }
      current = current[Number(segment)];
    } else if (isJsonObject(current) && Object.hasOwn(current, segment)) {
      current = current[segment];
    } else {
      return undefined;
    }
  }

  return current;
}

/** Derives a stable key, so repeats of an alert without a dedup key still join one incident. */
function deriveDedupKey(title: string): string {
  return createHash('sha256').update(title).digest('hex').slice(0, DERIVED_KEY_LENGTH);
}

/** Returns text as sent, and an object or array as indented JSON. */
function describeValue(value: unknown): string {
  const text = readText(value);
  if (text !== null) {
    return text;
  }
  if (typeof value === 'object' && value !== null) {
    return JSON.stringify(value, null, 2);
  }
  return '';
}
