import type { Context } from 'hono';
import { canView } from '../access/viewer.ts';
import type { PublishedPage, StatusDataSource } from '../data/status-data-source.ts';
import type { StatusEnv } from '../http/app-env.ts';
import { renderNotFoundPage } from '../render/message-page.ts';

const SLUG_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Returns the published page at a slug if the request's viewer may see it, else null.
 * Malformed slugs never reach the store.
 */
export async function visiblePage(
  c: Context<StatusEnv>,
  data: StatusDataSource,
  slug: string,
): Promise<PublishedPage | null> {
  if (!SLUG_PATTERN.test(slug)) return null;
  const page = await data.getPage(slug);
  if (!page || !canView(page.snapshot, c.get('viewer'))) return null;
  return page;
}

/**
 * Cache policy of everything rendered from a snapshot: browsers and proxies may store it
 * but must revalidate every time (cheap, through the ETag), so no cache shows a version
 * older than the status site's own. Private pages must never be stored by shared caches.
 */
export function cacheControl(page: PublishedPage): string {
  return page.snapshot.page.visibility === 'public' ? 'public, no-cache' : 'private, no-cache';
}

/**
 * Responds with a rendering of the page, built once per version and `variant`, with an ETag
 * derived from the version tag. A matching If-None-Match gets 304 without a body.
 */
export async function respondRendered(
  c: Context<StatusEnv>,
  page: PublishedPage,
  variant: string,
  contentType: string,
  build: () => Promise<string> | string,
  headers: Record<string, string> = {},
): Promise<Response> {
  const etag = `"${page.tag}:${variant}"`;
  const common = { etag, 'cache-control': cacheControl(page), vary: 'Accept-Encoding', ...headers };
  if (c.req.header('if-none-match') === etag) {
    return c.body(null, 304, common);
  }
  const body = await page.memo(variant, build);
  return c.body(body, 200, { ...common, 'content-type': contentType });
}

let notFoundHtml: Promise<string> | null = null;

/** Responds with the not-found page, identical for unknown and private pages. */
export async function notFoundResponse(c: Context<StatusEnv>): Promise<Response> {
  notFoundHtml ??= renderNotFoundPage();
  return c.html(await notFoundHtml, 404, { 'cache-control': 'no-cache' });
}

export function jsonNotFound(c: Context<StatusEnv>): Response {
  return c.json({ error: 'not_found', message: 'Status page not found.' }, 404, {
    'cache-control': 'no-cache',
  });
}
