import type { Db } from '@pagefree/db';
import type { z } from 'zod';
import { requirePlatformAdmin } from '../../auth/permissions.ts';
import type { Principal } from '../../auth/principal.ts';
import type { Clock } from '../../shared/clock.ts';
import type { listPartnersInput } from '../schemas.ts';
import { toPartnerView } from '../views.ts';

/** Lists partners by name, with counts of their active grants, tokens and sessions. */
export async function listPartners(
  deps: { db: Db; clock: Clock },
  principal: Principal,
  input: z.output<typeof listPartnersInput>,
) {
  requirePlatformAdmin(principal);
  const now = deps.clock.now();

  let query = deps.db
    .selectFrom('partner')
    .selectAll('partner')
    .select((eb) => [
      eb
        .selectFrom('partner_grant')
        .select(eb.fn.countAll<string>().as('count'))
        .whereRef('partner_grant.partner_id', '=', 'partner.id')
        .where('partner_grant.revoked_at', 'is', null)
        .as('active_grants'),
      eb
        .selectFrom('partner_access_token')
        .select(eb.fn.countAll<string>().as('count'))
        .whereRef('partner_access_token.partner_id', '=', 'partner.id')
        .where('partner_access_token.revoked_at', 'is', null)
        .where('partner_access_token.expires_at', '>', now)
        .as('active_tokens'),
      eb
        .selectFrom('partner_session')
        .select(eb.fn.countAll<string>().as('count'))
        .whereRef('partner_session.partner_id', '=', 'partner.id')
        .where('partner_session.ended_at', 'is', null)
        .where('partner_session.expires_at', '>', now)
        .as('active_sessions'),
    ])
    .orderBy('partner.name')
    .orderBy('partner.id');
  if (!input.includeDeactivated) query = query.where('partner.deactivated_at', 'is', null);
  if (input.search) {
    const pattern = `%${input.search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('partner.name', 'ilike', pattern),
        eb('partner.email', 'ilike', pattern),
        eb('partner.organisation', 'ilike', pattern),
      ]),
    );
  }
  const rows = await query.execute();
  return rows.map((row) => ({
    ...toPartnerView(row),
    activeGrants: Number(row.active_grants ?? 0),
    activeTokens: Number(row.active_tokens ?? 0),
    activeSessions: Number(row.active_sessions ?? 0),
  }));
}
