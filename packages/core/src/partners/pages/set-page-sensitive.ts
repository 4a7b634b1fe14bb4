import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { requirePlatformAdmin } from '../../auth/permissions.ts';
import { actorOf } from '../../auth/principal.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { Caller, PartnerAdminDeps } from '../deps.ts';
import { SENSITIVE_TOKEN_DAYS } from '../partner-tokens.ts';
import type { setPageSensitiveInput } from '../schemas.ts';

const DAY_MS = 86_400_000;

/**
 * Marks a status page sensitive for partner access, or not. Marking it sensitive also
 * shortens its active access tokens to expire at most 30 days from now, so the page's rule
 * holds for tokens issued before the change too. Unmarking lengthens nothing.
 */
export async function setPageSensitive(
  deps: PartnerAdminDeps,
  caller: Caller,
  input: z.output<typeof setPageSensitiveInput>,
): Promise<{ pageId: string; sensitive: boolean; shortenedTokens: number }> {
  requirePlatformAdmin(caller.principal);
  const now = deps.clock.now();

  const result = await withTransaction(deps.db, async (trx) => {
    const page = await trx
      .selectFrom('status_page')
      .select(['id', 'team_id'])
      .where('id', '=', input.pageId)
      .executeTakeFirst();
    if (!page) throw new NotFoundError('Status page', input.pageId);

    await trx
      .insertInto('partner_page_setting')
      .values({
        page_id: page.id,
        sensitive: input.sensitive,
        updated_by: caller.principal.userId,
        updated_at: now,
      })
      .onConflict((conflict) =>
        conflict.column('page_id').doUpdateSet({
          sensitive: input.sensitive,
          updated_by: caller.principal.userId,
          updated_at: now,
        }),
      )
      .execute();
    let shortenedTokens = 0;
    if (input.sensitive) {
      const latest = new Date(now.getTime() + SENSITIVE_TOKEN_DAYS * DAY_MS);
      const shortened = await trx
        .updateTable('partner_access_token')
        .set({ expires_at: latest })
        .where('page_id', '=', page.id)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', latest)
        .executeTakeFirst();
      shortenedTokens = Number(shortened.numUpdatedRows);
    }
    await recordAuditEvent(trx, actorOf(caller.principal, caller.ip), {
      action: 'partner_page.sensitivity_set',
      resourceType: 'status_page',
      resourceId: page.id,
      teamId: page.team_id,
      metadata: { sensitive: input.sensitive, shortenedTokens },
    });
    return { pageId: page.id, sensitive: input.sensitive, shortenedTokens };
  });

  if (result.shortenedTokens > 0) await announcePagePartners(deps, input.pageId);
  return result;
}

/** Announces a change for every partner with a token on the page, so cached expiries refresh. */
async function announcePagePartners(deps: PartnerAdminDeps, pageId: string): Promise<void> {
  const partners = await deps.db
    .selectFrom('partner_access_token')
    .select('partner_id')
    .distinct()
    .where('page_id', '=', pageId)
    .where('revoked_at', 'is', null)
    .execute();
  for (const { partner_id } of partners) {
    await deps.accessChanges.announce({ partnerId: partner_id });
  }
}
