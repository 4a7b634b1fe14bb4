import { createContext, useContext } from 'react';

/** `live` while the socket is connected; updates may be missing in the other two states. */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

export const LiveStatusContext = createContext<LiveStatus>('connecting');

export function useLiveStatus(): LiveStatus {
  return useContext(LiveStatusContext);
}
