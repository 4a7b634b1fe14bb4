import type { Db } from '@pagefree/db';
import { PARTNER_AUDIT_RETENTION_DAYS } from '../partner-tokens.ts';

const DAY_MS = 86_400_000;
/** Sign-in links are kept a day past expiry, so a late confirmation still gets "link expired", not "invalid link". */
const SIGN_IN_LINK_GRACE_MS = DAY_MS;

export interface PartnerCleanupResult {
  auditEvents: number;
  signInLinks: number;
  sessions: number;
}

/**
 * Deletes partner audit events older than 90 days, sign-in links a day past their expiry,
 * and sessions that ended or expired more than 90 days ago. Run by a repeatable job on the
 * `status` queue; running it twice deletes nothing more.
 */
export async function deleteExpiredPartnerRecords(
  db: Db,
  now: Date,
): Promise<PartnerCleanupResult> {
  const retentionStart = new Date(now.getTime() - PARTNER_AUDIT_RETENTION_DAYS * DAY_MS);
  const audit = await db
    .deleteFrom('partner_audit_event')
    .where('occurred_at', '<', retentionStart)
    .executeTakeFirst();
  const links = await db
    .deleteFrom('partner_sign_in_link')
    .where('expires_at', '<', new Date(now.getTime() - SIGN_IN_LINK_GRACE_MS))
    .executeTakeFirst();
  const sessions = await db
    .deleteFrom('partner_session')
    .where((eb) =>
      eb.or([eb('ended_at', '<', retentionStart), eb('expires_at', '<', retentionStart)]),
    )
    .executeTakeFirst();
  return {
    auditEvents: Number(audit.numDeletedRows),
    signInLinks: Number(links.numDeletedRows),
    sessions: Number(sessions.numDeletedRows),
  };
}
