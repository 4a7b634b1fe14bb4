import { unannouncedPartnerAccessChanges } from '@pagefree/core/partners/access-changes';
import { createPartner } from '@pagefree/core/partners/accounts/create-partner';
import { deletePartner } from '@pagefree/core/partners/accounts/delete-partner';
import { listPartners } from '@pagefree/core/partners/accounts/list-partners';
import { setPartnerActive } from '@pagefree/core/partners/accounts/set-partner-active';
import { updatePartner } from '@pagefree/core/partners/accounts/update-partner';
import { listPartnerAudit } from '@pagefree/core/partners/audit/list-partner-audit';
import type { PartnerAdminDeps } from '@pagefree/core/partners/deps';
import { createGrant } from '@pagefree/core/partners/grants/create-grant';
import { listGrants } from '@pagefree/core/partners/grants/list-grants';
import { revokeGrant } from '@pagefree/core/partners/grants/revoke-grant';
import { listPartnerPages } from '@pagefree/core/partners/pages/list-partner-pages';
import { setPageSensitive } from '@pagefree/core/partners/pages/set-page-sensitive';
import {
  createGrantInput,
  createPartnerInput,
  createTokenInput,
  grantIdInput,
  listGrantsInput,
  listPartnerAuditInput,
  listPartnersInput,
  listSessionsInput,
  listTokensInput,
  partnerIdInput,
  sessionIdInput,
  setPageSensitiveInput,
  setPartnerActiveInput,
  tokenIdInput,
  updatePartnerInput,
} from '@pagefree/core/partners/schemas';
import { endPartnerSession } from '@pagefree/core/partners/sessions/end-session';
import { listPartnerSessions } from '@pagefree/core/partners/sessions/list-sessions';
import { createAccessToken } from '@pagefree/core/partners/tokens/create-token';
import { listAccessTokens } from '@pagefree/core/partners/tokens/list-tokens';
import { regenerateAccessToken } from '@pagefree/core/partners/tokens/regenerate-token';
import { revokeAccessToken } from '@pagefree/core/partners/tokens/revoke-token';
import type { ApiContext } from '../context.ts';
import { callerOf, platformAdminProcedure, router } from '../trpc.ts';

/**
 * Partner access to status pages, for platform admins signed in with a session (API keys
 * are refused, as for every procedure without a scope). Partners themselves never call
 * this API: they authenticate only on the status site.
 */
function partnerDeps(ctx: ApiContext): PartnerAdminDeps {
  return {
    db: ctx.deps.db,
    clock: ctx.deps.clock,
    logger: ctx.logger,
    accessChanges: ctx.deps.partners?.accessChanges ?? unannouncedPartnerAccessChanges,
    statusSiteUrl: ctx.deps.status?.siteUrl ?? null,
  };
}

const admin = platformAdminProcedure;

export const partnersRouter = router({
  list: admin
    .input(listPartnersInput.default({ includeDeactivated: true }))
    .query(({ ctx, input }) => listPartners(ctx.deps, ctx.principal, input)),
  create: admin
    .input(createPartnerInput)
    .mutation(({ ctx, input }) => createPartner(partnerDeps(ctx), callerOf(ctx), input)),
  update: admin
    .input(updatePartnerInput)
    .mutation(({ ctx, input }) => updatePartner(partnerDeps(ctx), callerOf(ctx), input)),
  /** Deactivating ends the partner's sessions and suspends their tokens. */
  setActive: admin
    .input(setPartnerActiveInput)
    .mutation(({ ctx, input }) => setPartnerActive(partnerDeps(ctx), callerOf(ctx), input)),
  delete: admin
    .input(partnerIdInput)
    .mutation(({ ctx, input }) => deletePartner(partnerDeps(ctx), callerOf(ctx), input)),

  pages: router({
    list: admin.query(({ ctx }) => listPartnerPages(partnerDeps(ctx), ctx.principal)),
    setSensitive: admin
      .input(setPageSensitiveInput)
      .mutation(({ ctx, input }) => setPageSensitive(partnerDeps(ctx), callerOf(ctx), input)),
  }),

  grants: router({
    list: admin
      .input(listGrantsInput.default({ includeRevoked: false }))
      .query(({ ctx, input }) => listGrants(partnerDeps(ctx), ctx.principal, input)),
    create: admin
      .input(createGrantInput)
      .mutation(({ ctx, input }) => createGrant(partnerDeps(ctx), callerOf(ctx), input)),
    /** Ends the grant's sessions and revokes its tokens. */
    revoke: admin
      .input(grantIdInput)
      .mutation(({ ctx, input }) => revokeGrant(partnerDeps(ctx), callerOf(ctx), input)),
  }),

  tokens: router({
    list: admin
      .input(listTokensInput.default({ includeInactive: true }))
      .query(({ ctx, input }) => listAccessTokens(ctx.deps, ctx.principal, input)),
    /** Returns the token once, in `token`. */
    create: admin
      .input(createTokenInput)
      .mutation(({ ctx, input }) => createAccessToken(partnerDeps(ctx), callerOf(ctx), input)),
    revoke: admin
      .input(tokenIdInput)
      .mutation(({ ctx, input }) => revokeAccessToken(partnerDeps(ctx), callerOf(ctx), input)),
    /** Revokes the token and returns its replacement once, in `token`. */
    regenerate: admin
      .input(tokenIdInput)
      .mutation(({ ctx, input }) => regenerateAccessToken(partnerDeps(ctx), callerOf(ctx), input)),
  }),

  sessions: router({
    list: admin
      .input(listSessionsInput.default({ activeOnly: true, limit: 200 }))
      .query(({ ctx, input }) => listPartnerSessions(ctx.deps, ctx.principal, input)),
    end: admin
      .input(sessionIdInput)
      .mutation(({ ctx, input }) => endPartnerSession(partnerDeps(ctx), callerOf(ctx), input)),
  }),

  audit: router({
    list: admin
      .input(listPartnerAuditInput.default({ limit: 100 }))
      .query(({ ctx, input }) => listPartnerAudit(ctx.deps.db, ctx.principal, input)),
  }),
});
