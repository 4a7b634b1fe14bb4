import { useState } from 'react';

const STATE_LABELS = { copied: 'Copied', failed: 'Copy failed; select it' } as const;

/**
 * Copies text to the clipboard and confirms it on the button. Where the Clipboard API is
 * unavailable (plain http on another host), the button reports the failure, so the person
 * selects the text by hand.
 */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 3_000);
  }

  return (
    <button type="button" className="button button-small" onClick={copy}>
      <span aria-live="polite">{state === 'idle' ? label : STATE_LABELS[state]}</span>
    </button>
  );
}
