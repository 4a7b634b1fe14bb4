import type { Db } from '@pagefree/db';
import type { z } from 'zod';
import { requirePlatformAdmin } from '../../auth/permissions.ts';
import type { Principal } from '../../auth/principal.ts';
import type { listPartnerAuditInput } from '../schemas.ts';

/** Partner audit events, newest first, with partner and page names where they still exist. */
export async function listPartnerAudit(
  db: Db,
  principal: Principal,
  input: z.output<typeof listPartnerAuditInput>,
) {
  requirePlatformAdmin(principal);
  let query = db
    .selectFrom('partner_audit_event as event')
    .leftJoin('partner', 'partner.id', 'event.partner_id')
    .leftJoin('status_page as page', 'page.id', 'event.page_id')
    .selectAll('event')
    .select(['partner.name as partner_name', 'page.slug as page_slug', 'page.name as page_name'])
    .orderBy('event.id', 'desc')
    .limit(input.limit);
  if (input.partnerId) query = query.where('event.partner_id', '=', input.partnerId);
  if (input.pageId) query = query.where('event.page_id', '=', input.pageId);
  if (input.outcome) query = query.where('event.outcome', '=', input.outcome);
  if (input.action) query = query.where('event.action', '=', input.action);
  if (input.ip) query = query.where('event.ip', '=', input.ip);
  if (input.from) query = query.where('event.occurred_at', '>=', new Date(input.from));
  if (input.to) query = query.where('event.occurred_at', '<', new Date(input.to));
  if (input.beforeId) query = query.where('event.id', '<', input.beforeId as never);

  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    action: row.action,
    outcome: row.outcome,
    reason: row.reason,
    partnerId: row.partner_id,
    partnerName: row.partner_name,
    pageId: row.page_id,
    pageSlug: row.page_slug,
    pageName: row.page_name,
    credentialKind: row.credential_kind,
    credentialId: row.credential_id,
    ip: row.ip,
    userAgent: row.user_agent,
    path: row.path,
    metadata: row.metadata,
  }));
}
