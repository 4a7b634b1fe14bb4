import { useEffect, useState } from 'react';

/** Returns the current time in milliseconds, refreshed every `intervalMs`, so relative times age. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
