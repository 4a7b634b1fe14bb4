import type { PartnerCredentialRecord } from './partner-gateway.ts';

/**
 * The outcome for a presented credential at `now`:
 * - `invalid`: never issued, or a session its owner signed out of (or replaced by signing in again);
 * - `expired`: past its expiry;
 * - `revoked`: withdrawn by an admin: token revoked, session ended, grant revoked, partner deactivated.
 * Revocation wins over expiry, so a partner whose access was withdrawn learns that.
 */
export type CredentialDecision =
  | { kind: 'valid'; record: PartnerCredentialRecord }
  | { kind: 'invalid'; record: PartnerCredentialRecord | null }
  | { kind: 'expired'; record: PartnerCredentialRecord }
  | { kind: 'revoked'; record: PartnerCredentialRecord };

export function decideCredential(
  record: PartnerCredentialRecord | null,
  now: number,
): CredentialDecision {
  if (!record) return { kind: 'invalid', record };
  if (record.endReason === 'signed_out' || record.endReason === 'replaced') {
    return { kind: 'invalid', record };
  }
  if (record.endedAt !== null || record.grantRevoked || record.partnerDeactivated) {
    return { kind: 'revoked', record };
  }
  if (record.expiresAt <= now) return { kind: 'expired', record };
  return { kind: 'valid', record };
}
