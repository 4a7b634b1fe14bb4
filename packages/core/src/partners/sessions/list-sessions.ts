import type { Db } from '@pagefree/db';
import type { z } from 'zod';
import { requirePlatformAdmin } from '../../auth/permissions.ts';
import type { Principal } from '../../auth/principal.ts';
import type { Clock } from '../../shared/clock.ts';
import type { listSessionsInput } from '../schemas.ts';

/** Lists partner sessions, newest first, with partner and page names. */
export async function listPartnerSessions(
  deps: { db: Db; clock: Clock },
  principal: Principal,
  input: z.output<typeof listSessionsInput>,
) {
  requirePlatformAdmin(principal);
  const now = deps.clock.now();

  let query = deps.db
    .selectFrom('partner_session as session')
    .innerJoin('partner', 'partner.id', 'session.partner_id')
    .innerJoin('status_page as page', 'page.id', 'session.page_id')
    .select([
      'session.id',
      'session.partner_id',
      'session.page_id',
      'session.created_at',
      'session.expires_at',
      'session.last_seen_at',
      'session.ended_at',
      'session.end_reason',
      'session.ip',
      'session.user_agent',
      'partner.name as partner_name',
      'partner.email as partner_email',
      'page.slug as page_slug',
      'page.name as page_name',
    ])
    .orderBy('session.created_at', 'desc')
    .orderBy('session.id')
    .limit(input.limit);
  if (input.partnerId) query = query.where('session.partner_id', '=', input.partnerId);
  if (input.pageId) query = query.where('session.page_id', '=', input.pageId);
  if (input.activeOnly) {
    query = query.where('session.ended_at', 'is', null).where('session.expires_at', '>', now);
  }

  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    partnerId: row.partner_id,
    partnerName: row.partner_name,
    partnerEmail: row.partner_email,
    pageId: row.page_id,
    pageSlug: row.page_slug,
    pageName: row.page_name,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    endedAt: row.ended_at?.toISOString() ?? null,
    endReason: row.end_reason,
    state: sessionState(row, now),
    ip: row.ip,
    userAgent: row.user_agent,
  }));
}

function sessionState(
  row: { ended_at: Date | null; expires_at: Date },
  now: Date,
): 'ended' | 'expired' | 'active' {
  if (row.ended_at) return 'ended';
  return row.expires_at <= now ? 'expired' : 'active';
}
