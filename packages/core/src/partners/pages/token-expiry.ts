import type { Db } from '@pagefree/db';
import { SENSITIVE_TOKEN_DAYS, TOKEN_DEFAULT_DAYS } from '../partner-tokens.ts';

/** Checks whether partner access tokens of the page are limited to 30 days. */
export async function isSensitivePage(db: Db, pageId: string): Promise<boolean> {
  const setting = await db
    .selectFrom('partner_page_setting')
    .select('sensitive')
    .where('page_id', '=', pageId)
    .executeTakeFirst();
  return setting?.sensitive ?? false;
}

/** Returns the maximum lifetime, in days, of a new access token for a page. */
export function maxTokenDays(sensitive: boolean): number {
  return sensitive ? SENSITIVE_TOKEN_DAYS : TOKEN_DEFAULT_DAYS;
}
