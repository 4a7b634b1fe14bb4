import { withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { actorOf } from '../auth/principal.ts';
import type { Caller } from '../shared/caller.ts';
import type { IntegrationDeps } from './create-integration.ts';
import { loadIntegrationForPrincipal } from './load-integration.ts';
import { addSigningSecret } from './signing-secrets.ts';

/**
 * Issues a new signing secret. Secrets that were valid keep verifying for `overlapHours`,
 * so senders can switch over without a window in which their alerts are refused.
 */
export async function rotateSigningSecret(
  deps: IntegrationDeps,
  caller: Caller,
  input: { integrationId: string; overlapHours: number },
) {
  const integration = await loadIntegrationForPrincipal(
    deps.db,
    caller.principal,
    input.integrationId,
    {
      scope: 'config:write',
      role: 'TEAM_ADMIN',
    },
  );
  const now = deps.clock.now();
  const previousValidUntil = new Date(now.getTime() + input.overlapHours * 3_600_000);
  const actor = actorOf(caller.principal, caller.ip);

  return withTransaction(deps.db, async (trx) => {
    await trx
      .updateTable('integration_secret')
      .set({ expires_at: previousValidUntil })
      .where('integration_id', '=', integration.id)
      .where((eb) =>
        eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', previousValidUntil)]),
      )
      .execute();
    const signingSecret = await addSigningSecret(trx, deps.encryptionKeys, integration.id);
    await recordAuditEvent(trx, actor, {
      action: 'integration.secret_rotated',
      resourceType: 'integration',
      resourceId: integration.id,
      teamId: integration.team_id,
      metadata: { overlapHours: input.overlapHours },
    });
    return { signingSecret, previousValidUntil: previousValidUntil.toISOString() };
  });
}
