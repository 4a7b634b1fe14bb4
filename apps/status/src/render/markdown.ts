import { raw } from 'hono/html';
import { micromark } from 'micromark';

/**
 * Renders what a person wrote as CommonMark. Raw HTML in the text is escaped, not passed
 * through, and links with dangerous protocols such as `javascript:` lose their URL (both
 * are micromark's defaults, stated here so no one flips them), so `<img src=x onerror=…>`
 * shows as text.
 */
export function renderMarkdown(text: string) {
  return raw(micromark(text, { allowDangerousHtml: false, allowDangerousProtocol: false }));
}
