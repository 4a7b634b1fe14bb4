/**
 * Redis key names of published snapshots, shared by the worker that writes them and the
 * status site that reads them. All names carry the deployment's queue prefix, so test runs
 * and deployments sharing one Redis stay apart.
 */

/** Returns the key of the latest snapshot of the page at a slug, stored as JSON. */
export function snapshotKey(prefix: string, slug: string): string {
  return `${prefix}:status:snapshot:${slug}`;
}

/**
 * The latest snapshot's version tag, `<pageId>:<version>`, for a cheap freshness check. The
 * page id is part of it because versions count per page, and a slug can pass to another
 * page when pages are renamed.
 */
export function snapshotVersionKey(prefix: string, slug: string): string {
  return `${prefix}:status:version:${slug}`;
}

/** Pub/sub channel announcing every publish and removal. */
export function snapshotChannel(prefix: string): string {
  return `${prefix}:status:published`;
}

export function versionTag(pageId: string, version: number): string {
  return `${pageId}:${version}`;
}

/** A message on the snapshot channel; `tag` is null when the page was removed from the slug. */
export interface SnapshotAnnouncement {
  slug: string;
  tag: string | null;
}

export function parseAnnouncement(message: string): SnapshotAnnouncement | null {
  try {
    const value = JSON.parse(message) as Partial<SnapshotAnnouncement>;
    if (typeof value.slug !== 'string') return null;
    if (value.tag !== null && typeof value.tag !== 'string') return null;
    return { slug: value.slug, tag: value.tag };
  } catch {
    return null;
  }
}
