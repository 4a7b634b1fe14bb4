import type { PartnerAccessChanges } from '@pagefree/core/partners/access-changes';
import { recordPartnerAudit } from '@pagefree/core/partners/audit/record-partner-audit';
import { findPartnerCredential } from '@pagefree/core/partners/credentials/find-credential';
import { recordCredentialUse } from '@pagefree/core/partners/credentials/record-usage';
import { signOutPartner } from '@pagefree/core/partners/sessions/sign-out';
import { exchangeSignInLink } from '@pagefree/core/partners/sign-in/exchange-sign-in-link';
import { withTimeout } from '@pagefree/core/runtime/redis';
import type { Clock } from '@pagefree/core/shared/clock';
import { addStatusJobs, type StatusQueue } from '@pagefree/core/status-pages/status-queue';
import type { Db } from '@pagefree/db';
import { type PartnerGateway, PartnerSignInUnavailableError } from '../partner-gateway.ts';

const QUEUE_TIMEOUT_MS = 2_000;

/**
 * Creates the partner gateway on Node: core services over the database, sign-in link
 * requests on the `status` queue (the worker sends the email), and access changes on Redis
 * pub/sub.
 */
export function createNodePartnerGateway(deps: {
  db: Db;
  clock: Clock;
  statusQueue: StatusQueue;
  accessChanges: PartnerAccessChanges;
}): PartnerGateway {
  return {
    findCredential: (kind, tokenHash) => findPartnerCredential(deps.db, kind, tokenHash),

    async requestSignInLink(request) {
      try {
        await withTimeout(
          addStatusJobs(
            deps.statusQueue,
            [{ name: 'partner-sign-in-link', data: request }],
            deps.clock.now(),
          ),
          QUEUE_TIMEOUT_MS,
          'Queueing a partner sign-in link',
        );
      } catch (error) {
        throw new PartnerSignInUnavailableError({ cause: error });
      }
    },

    async exchangeSignInLink(input) {
      const result = await exchangeSignInLink(deps, input);
      if (result.outcome === 'signed_in' && result.endedPrevious) {
        await deps.accessChanges.announce({ partnerId: result.partnerId });
      }
      return result;
    },

    async signOut(input) {
      const ended = await signOutPartner(deps, input);
      if (ended) await deps.accessChanges.announce({ partnerId: ended.partnerId });
    },

    announceChange: (partnerId) => deps.accessChanges.announce({ partnerId }),
    recordAudit: (entries) => recordPartnerAudit(deps.db, entries),
    recordUse: (uses) => recordCredentialUse(deps.db, uses),
  };
}
