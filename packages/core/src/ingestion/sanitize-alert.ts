import { createHash } from 'node:crypto';
import type { NormalizedAlert } from './normalized-alert.ts';

/** Longest dedup key stored as sent; longer keys are shortened with a hash of the whole. */
export const MAX_DEDUP_KEY_LENGTH = 255;

/** Deepest JSON nesting accepted; real monitoring payloads stay below ten levels. */
export const MAX_JSON_DEPTH = 64;

// NUL cannot be stored in PostgreSQL text or jsonb; a lone UTF-16 surrogate is not valid
// in jsonb either. Both are replaced, so an odd byte in a label never costs the alert.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is the character to replace.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function cleanText(text: string): string {
  return text.replace(UNSTORABLE, (match) => (match === '\u0000' ? '' : '\ufffd'));
}

function cleanValue(value: unknown): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (Array.isArray(value)) return value.map(cleanValue);
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      // defineProperty keeps a literal "__proto__" key as data instead of a prototype change.
      Object.defineProperty(copy, cleanText(key), {
        value: cleanValue(inner),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  }
  return value;
}

/** Shortens an over-long dedup key to a readable prefix plus a hash of the full key. */
export function boundDedupKey(key: string): string {
  if (key.length <= MAX_DEDUP_KEY_LENGTH) return key;
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 32);
  return `${Array.from(key).slice(0, 180).join('')}…sha256:${digest}`;
}

/** Makes every text field of an alert storable in PostgreSQL, without dropping the alert. */
export function sanitizeAlert(alert: NormalizedAlert): NormalizedAlert {
  return {
    ...alert,
    dedupKey: boundDedupKey(cleanText(alert.dedupKey)),
    summary: cleanText(alert.summary),
    description: cleanText(alert.description),
    source: alert.source === null ? null : cleanText(alert.source),
    serviceHint: alert.serviceHint === null ? null : cleanText(alert.serviceHint),
    links: alert.links.map((link) => ({ href: cleanText(link.href), text: cleanText(link.text) })),
    payload: cleanValue(alert.payload),
  };
}

/**
 * Returns the nesting depth of a parsed JSON value, walking with an explicit stack so a
 * hostile 100,000-level document cannot overflow the call stack while being measured.
 */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const inner of Object.values(current)) pending.push([inner, depth + 1]);
  }
  return deepest;
}
