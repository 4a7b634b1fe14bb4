/**
 * Returns the URL when it is an absolute http(s) URL, else null. Links come from alert
 * payloads, which any monitoring tool can fill, so `javascript:` and similar never render.
 */
export function safeExternalUrl(href: string): string | null {
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}
