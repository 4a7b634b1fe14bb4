import type { PageSnapshot } from '@pagefree/core/status-pages/snapshot-types';
import { renderStatusPage } from './status-page.ts';

/**
 * Renders a snapshot as a self-contained document (stylesheet inlined, no script) for the
 * console's preview, which shows it in a sandboxed frame outside the status site.
 */
export function renderPreviewDocument(snapshot: PageSnapshot): Promise<string> {
  return renderStatusPage(snapshot, { inlineStyles: true });
}
