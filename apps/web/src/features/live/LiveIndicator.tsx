import { useLiveStatus } from './live-status.ts';

const LABELS = { live: 'Live', connecting: 'Connecting', reconnecting: 'Offline' } as const;

/** Renders a compact "Live" or "Offline" label for the header; the text carries the state, not the dot. */
export function LiveIndicator() {
  const status = useLiveStatus();
  const live = status === 'live';
  return (
    <span className={`live-indicator ${live ? 'is-live' : 'is-offline'}`}>
      <span className="live-dot" aria-hidden="true" />
      {LABELS[status]}
    </span>
  );
}
