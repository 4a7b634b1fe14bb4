import type { PageSnapshot } from '@pagefree/core/status-pages/snapshot-types';

/**
 * The person or program looking at a page. Today every visitor is anonymous. Partner access
 * to private pages adds a partner viewer, which its own middleware resolves from the
 * Authorization header or the partner session cookie, never from the URL.
 */
export type Viewer = { kind: 'anonymous' };

/** Resolves the viewer of a request. Runs before rate limiting, so tiers can depend on it. */
export interface AccessPolicy {
  resolveViewer(request: Request): Promise<Viewer>;
}

export const anonymousAccess: AccessPolicy = {
  resolveViewer: async () => ({ kind: 'anonymous' }),
};

/**
 * Checks whether the viewer may see the page. No viewer may see a private page yet, and
 * its routes return the same 404 as an unknown slug, so anonymous callers cannot learn
 * that it exists.
 */
export function canView(snapshot: PageSnapshot, viewer: Viewer): boolean {
  switch (viewer.kind) {
    case 'anonymous':
      return snapshot.page.visibility === 'public';
    default:
      return viewer.kind satisfies never;
  }
}
