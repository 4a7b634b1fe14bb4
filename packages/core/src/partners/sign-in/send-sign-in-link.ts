import { type Db, withTransaction } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import { hashToken } from '../../crypto/tokens.ts';
import type { Clock } from '../../shared/clock.ts';
import type { SubscriberMailer } from '../../status-pages/notices/subscriber-mailer.ts';
import { type PartnerDenialReason, recordPartnerAudit } from '../audit/record-partner-audit.ts';
import { generateSignInLinkToken, SIGN_IN_LINK_TTL_MS } from '../partner-tokens.ts';
import { signInEmail } from './sign-in-email.ts';

export interface SendSignInLinkDeps {
  db: Db;
  clock: Clock;
  /** Null when no SMTP server is configured; requests are then audited as failed. */
  mailer: SubscriberMailer | null;
  statusSiteUrl: string;
  logger: Logger;
}

export interface SignInLinkRequest {
  slug: string;
  email: string;
  ip: string | null;
  userAgent: string | null;
}

/** At most this many links per partner and page within one link lifetime (15 minutes). */
const MAX_LINKS_PER_WINDOW = 5;

/** Thrown for a delivery failure worth retrying; the queue retries the job with backoff. */
export class RetryableSignInLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryableSignInLinkError';
  }
}

/**
 * Emails a magic sign-in link when the address belongs to an active partner with an active
 * grant for the page. Otherwise it records the denied request and sends nothing. It runs on
 * the worker, so the status site returns the same response in the same time whether or not
 * the address is known. The link's token is generated here and exists only in the email.
 *
 * A retryable SMTP failure deletes the unsent link and throws `RetryableSignInLinkError`
 * unless this is the final attempt, so a retried job never leaves two working links.
 */
export async function sendSignInLink(
  deps: SendSignInLinkDeps,
  request: SignInLinkRequest,
  options: { finalAttempt: boolean },
): Promise<'sent' | 'denied' | 'failed'> {
  const now = deps.clock.now();
  const audit = { ip: request.ip, userAgent: request.userAgent, occurredAt: now };
  const deny = async (
    reason: PartnerDenialReason,
    ids: { partnerId?: string; pageId?: string },
  ) => {
    await recordPartnerAudit(deps.db, [
      {
        action: 'sign_in.link_requested',
        outcome: 'denied',
        reason,
        ...ids,
        ...audit,
        metadata: { email: request.email },
      },
    ]);
    return 'denied' as const;
  };

  const page = await deps.db
    .selectFrom('status_page')
    .select(['id', 'name', 'slug', 'time_zone'])
    .where('slug', '=', request.slug)
    .executeTakeFirst();
  if (!page) return deny('page_not_found', {});
  const partner = await deps.db
    .selectFrom('partner')
    .select(['id', 'email', 'deactivated_at'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', request.email.toLowerCase()))
    .executeTakeFirst();
  if (!partner) return deny('unknown_email', { pageId: page.id });
  if (partner.deactivated_at)
    return deny('partner_deactivated', { partnerId: partner.id, pageId: page.id });
  if (!deps.mailer) {
    deps.logger.error(
      { partnerId: partner.id },
      'Sign-in link not sent: SMTP_URL is not configured',
    );
    return 'failed';
  }
  const mailer = deps.mailer;

  const token = generateSignInLinkToken();
  const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_TTL_MS);
  const claim = await withTransaction(deps.db, async (trx) => {
    // Locking the grant serializes the requests of one partner and page, so jobs that run
    // at once cannot all pass the count below.
    const grant = await trx
      .selectFrom('partner_grant')
      .select('id')
      .where('partner_id', '=', partner.id)
      .where('page_id', '=', page.id)
      .where('revoked_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!grant) return { denied: 'no_grant', link: null } as const;

    const recent = await trx
      .selectFrom('partner_sign_in_link')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('partner_id', '=', partner.id)
      .where('page_id', '=', page.id)
      .where('created_at', '>', new Date(now.getTime() - SIGN_IN_LINK_TTL_MS))
      .executeTakeFirstOrThrow();
    if (Number(recent.count) >= MAX_LINKS_PER_WINDOW)
      return { denied: 'too_many_links', link: null } as const;

    const inserted = await trx
      .insertInto('partner_sign_in_link')
      .values({
        grant_id: grant.id,
        partner_id: partner.id,
        page_id: page.id,
        token_hash: hashToken(token),
        created_at: now,
        expires_at: expiresAt,
        requested_ip: request.ip,
        requested_user_agent: request.userAgent?.slice(0, 512) ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { link: inserted } as const;
  });
  if (!claim.link) return deny(claim.denied, { partnerId: partner.id, pageId: page.id });
  const link = claim.link;

  const result = await mailer.send(
    signInEmail({
      to: partner.email,
      pageName: page.name,
      url: `${deps.statusSiteUrl}/${page.slug}/partner/sign-in/link?token=${token}`,
      expiresAt,
      timeZone: page.time_zone,
    }),
  );
  if (!result.ok) {
    await deps.db.deleteFrom('partner_sign_in_link').where('id', '=', link.id).execute();
    if (result.retryable && !options.finalAttempt) throw new RetryableSignInLinkError(result.error);
    deps.logger.warn({ partnerId: partner.id, error: result.error }, 'Sign-in link email failed');
    return 'failed';
  }

  await recordPartnerAudit(deps.db, [
    {
      action: 'sign_in.link_requested',
      outcome: 'allowed',
      partnerId: partner.id,
      pageId: page.id,
      credentialKind: 'sign_in_link',
      credentialId: link.id,
      ...audit,
    },
  ]);
  return 'sent';
}
