/** Actions on the selected incidents; only triggered ones can be acknowledged. */
export function BulkBar({
  selectedCount,
  acknowledgeableCount,
  onAcknowledge,
  onClear,
  busy,
}: {
  selectedCount: number;
  acknowledgeableCount: number;
  onAcknowledge: () => void;
  onClear: () => void;
  busy: boolean;
}) {
  if (selectedCount === 0) return null;
  return (
    <section className="bulk-bar" aria-label="Selected incidents">
      <span>
        {selectedCount} selected
        {acknowledgeableCount < selectedCount ? `, ${acknowledgeableCount} of them triggered` : ''}
      </span>
      <button
        type="button"
        className="button button-primary button-small"
        onClick={onAcknowledge}
        disabled={busy || acknowledgeableCount === 0}
      >
        {busy ? 'Acknowledging…' : `Acknowledge ${acknowledgeableCount}`}
      </button>
      <button type="button" className="button button-small" onClick={onClear}>
        Clear selection
      </button>
    </section>
  );
}
