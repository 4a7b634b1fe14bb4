import type { Link, Severity } from '@pagefree/db';
import { PayloadFormatError } from '../normalized-alert.ts';

export const MAX_SUMMARY_LENGTH = 1024;
export const MAX_DESCRIPTION_LENGTH = 8192;

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns the body as an object, or throws PayloadFormatError('body', ...) for any other JSON value. */
export function requireJsonObject(body: unknown): JsonObject {
  if (!isJsonObject(body)) {
    throw new PayloadFormatError('body', 'must be a JSON object');
  }
  return body;
}

/**
 * Reads a value as trimmed text. Numbers and booleans become their string form because
 * senders' templates often leave ids unquoted. Returns null for an empty string, null,
 * objects and arrays.
 */
export function readText(value: unknown): string | null {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') {
    return String(value);
  }
  return null;
}

/** Returns the text of `object[key]` when `object` is a JSON object, else null. */
export function readTextField(object: unknown, key: string): string | null {
  if (!isJsonObject(object) || !Object.hasOwn(object, key)) {
    return null;
  }
  return readText(object[key]);
}

/** Returns the first argument that is not null, or null when all are. */
export function firstText(...candidates: Array<string | null>): string | null {
  for (const candidate of candidates) {
    if (candidate !== null) {
      return candidate;
    }
  }
  return null;
}

/** Cuts text to at most `maxLength` code points, so a surrogate pair is never split. */
export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) {
    return text;
  }
  const codePoints = Array.from(text);
  if (codePoints.length <= maxLength) {
    return text;
  }
  return codePoints.slice(0, maxLength).join('');
}

const SEVERITY_BY_LABEL: Record<string, Severity> = {
  critical: 'critical',
  page: 'critical',
  p1: 'critical',
  error: 'error',
  high: 'error',
  major: 'error',
  warning: 'warning',
  warn: 'warning',
  medium: 'warning',
  minor: 'warning',
  info: 'info',
  low: 'info',
  none: 'info',
};

/**
 * Maps a sender's severity label (case-insensitive) to a PageFree severity. A missing or
 * unknown label maps to `error`, so an alert is never silently downgraded to info.
 */
export function toSeverity(label: string | null): Severity {
  if (label === null) {
    return 'error';
  }
  return lookup(SEVERITY_BY_LABEL, label.toLowerCase()) ?? 'error';
}

/**
 * Reads a mapping table by a key taken from a payload. Only the table's own keys count,
 * so labels such as `constructor` or `__proto__` find nothing instead of Object.prototype.
 */
export function lookup<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Returns whether `href` is an absolute http or https URL, so javascript:, data: and relative URLs fail. */
export function isWebUrl(href: string): boolean {
  if (!URL.canParse(href)) {
    return false;
  }
  const { protocol } = new URL(href);
  return protocol === 'http:' || protocol === 'https:';
}

/** A link the sender offered, before its href is checked. */
export interface LinkCandidate {
  href: unknown;
  text: string;
}

/**
 * Keeps the candidates whose href is an absolute http(s) URL, in order, and drops later
 * duplicates of the same href.
 */
export function buildLinks(candidates: LinkCandidate[]): Link[] {
  const links: Link[] = [];
  const seen = new Set<string>();

  for (const candidate of candidates) {
    const href = readText(candidate.href);
    if (href === null || seen.has(href) || !isWebUrl(href)) {
      continue;
    }
    seen.add(href);
    links.push({ href, text: candidate.text });
  }

  return links;
}
