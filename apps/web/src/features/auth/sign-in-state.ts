import type { SessionEndReason } from '../../lib/session-expiry.ts';

/** History state carried to the sign-in page: where to return and why the person is there. */
export interface SignInState {
  from?: string;
  reason?: SessionEndReason | 'signed-out';
}

export function readSignInState(state: unknown): SignInState {
  if (typeof state !== 'object' || state === null) return {};
  const { from, reason } = state as Record<string, unknown>;
  return {
    from:
      typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : undefined,
    reason:
      reason === 'expired' || reason === 'logout' || reason === 'signed-out' ? reason : undefined,
  };
}
