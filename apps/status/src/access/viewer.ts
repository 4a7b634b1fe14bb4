import type { PageSnapshot } from '@pagefree/core/status-pages/snapshot-types';

/**
 * The person or program looking at a page: anonymous, or a partner, whom the partner
 * middleware (`src/partners`) resolves from the `Authorization: Bearer` header or the
 * partner session cookie, never from the URL.
 */
export type Viewer = { kind: 'anonymous' } | PartnerViewer;

/** A partner with a valid credential for exactly one status page. */
export interface PartnerViewer {
  kind: 'partner';
  partnerId: string;
  /** The one page the credential opens. */
  pageId: string;
  credential: { kind: 'token' | 'session'; id: string };
}

/** Resolves the viewer of a request. Runs before rate limiting, so tiers can depend on it. */
export interface AccessPolicy {
  resolveViewer(request: Request): Promise<Viewer>;
}

export const anonymousAccess: AccessPolicy = {
  resolveViewer: async () => ({ kind: 'anonymous' }),
};

/**
 * Checks whether the viewer may see the page. Anonymous viewers see public pages only, and a
 * private page's routes return them the same 404 as an unknown slug, so they cannot learn
 * that it exists. A partner sees the one page of their credential and no other, not even
 * public ones.
 */
export function canView(snapshot: PageSnapshot, viewer: Viewer): boolean {
  switch (viewer.kind) {
    case 'anonymous':
      return snapshot.page.visibility === 'public';
    case 'partner':
      return snapshot.page.id === viewer.pageId;
    default:
      return viewer satisfies never;
  }
}
