import type { Db } from '@pagefree/db';
import { hashToken } from '../../crypto/tokens.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { isSensitivePage, maxTokenDays } from '../pages/token-expiry.ts';
import { displayPrefix, generateAccessToken } from '../partner-tokens.ts';

const DAY_MS = 86_400_000;

/**
 * Inserts a new access token under an active grant of an active partner and returns the
 * token, which exists only in this return value: the table keeps its SHA-256.
 * Runs inside the caller's transaction.
 */
export async function issueToken(
  trx: Db,
  input: {
    grantId: string;
    name: string;
    expiresInDays: number | undefined;
    createdBy: string;
    replacesTokenId: string | null;
    now: Date;
  },
): Promise<{ tokenId: string; token: string; partnerId: string; pageId: string; teamId: string }> {
  const grant = await trx
    .selectFrom('partner_grant as grant')
    .innerJoin('partner', 'partner.id', 'grant.partner_id')
    .innerJoin('status_page as page', 'page.id', 'grant.page_id')
    .select([
      'grant.id',
      'grant.partner_id',
      'grant.page_id',
      'grant.revoked_at',
      'partner.deactivated_at',
      'page.team_id',
    ])
    .where('grant.id', '=', input.grantId)
    .executeTakeFirst();
  if (!grant) throw new NotFoundError('Partner grant', input.grantId);
  if (grant.revoked_at) {
    throw new ConflictError('This grant was revoked; grant the page again before issuing a token.');
  }
  if (grant.deactivated_at) {
    throw new ConflictError('The partner is deactivated; reactivate them before issuing a token.');
  }

  const maxDays = maxTokenDays(await isSensitivePage(trx, grant.page_id));
  const days = input.expiresInDays ?? maxDays;
  if (days > maxDays) {
    throw new ValidationError(
      'expiresInDays',
      `must be at most ${maxDays} days, because the page is marked sensitive`,
    );
  }

  const token = generateAccessToken();
  const row = await trx
    .insertInto('partner_access_token')
    .values({
      grant_id: grant.id,
      partner_id: grant.partner_id,
      page_id: grant.page_id,
      name: input.name,
      token_hash: hashToken(token),
      token_prefix: displayPrefix(token),
      expires_at: new Date(input.now.getTime() + days * DAY_MS),
      created_by: input.createdBy,
      created_at: input.now,
      replaces_token_id: input.replacesTokenId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    tokenId: row.id,
    token,
    partnerId: grant.partner_id,
    pageId: grant.page_id,
    teamId: grant.team_id,
  };
}
