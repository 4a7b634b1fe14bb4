import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTRPC } from '../../lib/trpc.ts';
import { useLiveStatus } from './live-status.ts';

/** How long the first connection may take before the banner appears, in milliseconds. */
const FIRST_CONNECT_GRACE_MS = 3_000;

/**
 * Shows plainly when the view is not live, so no one trusts a stale list at 3 a.m. The first
 * connection gets a short grace period, and a dropped connection shows at once.
 */
export function ConnectionBanner() {
  const status = useLiveStatus();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [graceOver, setGraceOver] = useState(false);

  useEffect(() => {
    const timer = setTimeout(() => setGraceOver(true), FIRST_CONNECT_GRACE_MS);
    return () => clearTimeout(timer);
  }, []);

  if (status === 'live' || (status === 'connecting' && !graceOver)) return null;
  return (
    <div className="connection-banner" role="status">
      <span className="connection-dot" aria-hidden="true" />
      <span>
        <strong>Not live.</strong>{' '}
        {status === 'connecting'
          ? 'Connecting to live updates…'
          : 'Reconnecting… changes made meanwhile appear once the connection is back.'}
      </span>
      <button
        type="button"
        className="button button-small"
        onClick={() => queryClient.invalidateQueries(trpc.incidents.pathFilter())}
      >
        Refresh now
      </button>
    </div>
  );
}
