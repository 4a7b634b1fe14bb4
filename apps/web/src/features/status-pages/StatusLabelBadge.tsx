import type { StatusLabel } from './status-labels.ts';

/** Shows a status page state as a symbol and a word, so colour is never the only signal. */
export function StatusLabelBadge({ label, title }: { label: StatusLabel; title?: string }) {
  return (
    <span className={`badge ${label.tone}`} title={title}>
      <span className="badge-icon" aria-hidden="true">
        {label.symbol}
      </span>
      {label.text}
    </span>
  );
}
