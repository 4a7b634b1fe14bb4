import type { PageSnapshot } from '@pagefree/core/status-pages/snapshot-types';
import { ASSETS } from './assets.ts';
import { renderStatusPage } from './status-page.ts';

/**
 * Renders a snapshot as a self-contained document (stylesheet inlined, no script) for the
 * console's preview, which shows it in a sandboxed frame outside the status site.
 */
export function renderPreviewDocument(snapshot: PageSnapshot): Promise<string> {
  return renderStatusPage(snapshot, { inlineStyles: true });
}

/**
 * Returns the CSP source (`'sha256-…'`) of the preview's inline stylesheet. A `srcdoc` frame
 * inherits the embedding page's CSP, so a console that serves `style-src 'self'` must add
 * this source, or the preview shows unstyled.
 */
export async function previewStyleSource(): Promise<string> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(ASSETS.stylesheet.body),
  );
  const binary = String.fromCharCode(...new Uint8Array(digest));
  return `'sha256-${btoa(binary)}'`;
}
