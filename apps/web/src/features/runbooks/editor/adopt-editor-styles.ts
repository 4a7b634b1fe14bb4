/** Prefix of the class names CodeMirror generates for its themes (style-mod's "ͼ"). */
const GENERATED_CLASS_PREFIX = '\u037c';

let adopted: CSSStyleSheet | null = null;

/**
 * Applies CodeMirror's generated styles under the console's Content-Security-Policy.
 * CodeMirror 6 (through style-mod 4.1) writes them into a `<style>` element, which
 * `style-src 'self'` keeps the browser from applying. This copies that text into a
 * constructable stylesheet adopted by the document, which the policy does not govern, and
 * keeps the copy current as CodeMirror adds themes. Idempotent.
 */
export function adoptEditorStyles(): void {
  if (adopted || !('adoptedStyleSheets' in document) || typeof CSSStyleSheet === 'undefined') {
    return;
  }
  const sheet = new CSSStyleSheet();
  adopted = sheet;
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

  const copy = () => {
    const text = [...document.head.querySelectorAll('style')]
      .map((element) => element.textContent ?? '')
      .filter((css) => css.includes(GENERATED_CLASS_PREFIX))
      .join('\n');
    sheet.replaceSync(text);
  };
  new MutationObserver(copy).observe(document.head, {
    childList: true,
    subtree: true,
    characterData: true,
  });
  copy();
}
