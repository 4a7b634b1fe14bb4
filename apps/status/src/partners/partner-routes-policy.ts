const SLUG_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Paths under `/{slug}` that a partner credential opens, all read-only: the page, its
 * history and incidents, the Statuspage v2 JSON and the feeds. Subscribing, confirming and
 * everything not listed stays closed to partners.
 */
const READABLE = [
  /^$/,
  /^\/history$/,
  /^\/incidents\/[^/]+$/,
  /^\/api\/v2\/[a-z/_-]+\.json$/,
  /^\/history\.(atom|rss)$/,
];

export interface PartnerTarget {
  slug: string;
  /** The path after the slug, e.g. `/history` or an empty string for the page itself. */
  rest: string;
}

/** Splits `/{slug}/rest` into its parts; null when the first segment is not a valid slug. */
export function parseTarget(path: string): PartnerTarget | null {
  const match = /^\/([^/]+)(\/.*)?$/.exec(path);
  if (!match || !SLUG_PATTERN.test(match[1]!)) return null;
  return { slug: match[1]!, rest: match[2] ?? '' };
}

/** Checks for the sign-in routes under `/{slug}/partner/`, which read their cookies themselves. */
export function isPartnerRoute(target: PartnerTarget): boolean {
  return target.rest === '/partner' || target.rest.startsWith('/partner/');
}

export function isReadableByPartner(method: string, target: PartnerTarget): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  return READABLE.some((pattern) => pattern.test(target.rest));
}

/** Checks for routes that return JSON, so that denials on them are JSON too. */
export function expectsJson(target: PartnerTarget): boolean {
  return target.rest.startsWith('/api/');
}
