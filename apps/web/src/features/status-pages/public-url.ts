/**
 * Returns the page's address on the status site when it is absolute. Without
 * STATUS_PUBLIC_URL the server returns a bare path such as "/demo", which would wrongly
 * resolve against the console's origin, so null is returned and no link is shown.
 */
export function publicPageUrl(url: string): string | null {
  return /^https?:\/\//.test(url) ? url : null;
}
