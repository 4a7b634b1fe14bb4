import type { PartnerAuditEntry } from '@pagefree/core/partners/audit/record-partner-audit';
import type { PartnerCredentialRecord } from '@pagefree/core/partners/credentials/find-credential';
import type { CredentialUse } from '@pagefree/core/partners/credentials/record-usage';
import type {
  ExchangeSignInLinkInput,
  ExchangeSignInLinkResult,
} from '@pagefree/core/partners/sign-in/exchange-sign-in-link';

export type { PartnerAuditEntry, PartnerCredentialRecord };

/**
 * Everything the partner routes and middleware need from outside the request: credential
 * lookups, the sign-in write path and audit. The Node implementation calls the core
 * services over the database and the status queue; routes see only this interface, so they
 * stay on Web-standard APIs. Credentials cross it only as SHA-256 hashes.
 */
export interface PartnerGateway {
  /** The token or session whose value hashes to `tokenHash`, or null if none was ever issued. */
  findCredential(
    kind: 'token' | 'session',
    tokenHash: string,
  ): Promise<PartnerCredentialRecord | null>;
  /** Queues a sign-in link email; whether the address has access is decided later, by the worker. */
  requestSignInLink(request: SignInLinkRequest): Promise<void>;
  exchangeSignInLink(input: ExchangeSignInLinkInput): Promise<ExchangeSignInLinkResult>;
  /** Ends the session and announces the change; nothing happens for an unknown or ended one. */
  signOut(input: {
    sessionTokenHash: string;
    ip: string | null;
    userAgent: string | null;
    path: string;
  }): Promise<void>;
  /** Tells every status process to drop cached checks of the partner's credentials. */
  announceChange(partnerId: string): Promise<void>;
  recordAudit(entries: readonly PartnerAuditEntry[]): Promise<void>;
  recordUse(uses: {
    tokens: readonly CredentialUse[];
    sessions: readonly CredentialUse[];
  }): Promise<void>;
}

export interface SignInLinkRequest {
  slug: string;
  email: string;
  ip: string | null;
  userAgent: string | null;
}

/** The sign-in request could not be queued; the visitor should try again in a moment. */
export class PartnerSignInUnavailableError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('The sign-in link could not be requested; try again in a minute.', options);
    this.name = 'PartnerSignInUnavailableError';
  }
}
