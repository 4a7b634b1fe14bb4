/** Shows whether a page is public or private as a symbol and a word. */
export function VisibilityBadge({ visibility }: { visibility: 'public' | 'private' }) {
  return (
    <span className={`badge ${visibility === 'public' ? 'badge-now' : 'badge-off'}`}>
      <span className="badge-icon" aria-hidden="true">
        {visibility === 'public' ? '◉' : '⊘'}
      </span>
      {visibility === 'public' ? 'Public' : 'Private'}
    </span>
  );
}
