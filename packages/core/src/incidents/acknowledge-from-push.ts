import type { IncidentSummary } from '@pagefree/contracts';
import type { Principal } from '../auth/principal.ts';
import { ConflictError, UnauthorizedError } from '../shared/errors.ts';
import type { AckTokenSigner } from './ack-token.ts';
import { acknowledgeIncident } from './acknowledge.ts';
import type { IncidentDeps } from './deps.ts';
import { loadIncidentSummary } from './incident-summary.ts';

export interface AcknowledgeFromPushDeps extends IncidentDeps {
  ackTokens: AckTokenSigner;
}

export interface AcknowledgeFromPushResult {
  /** `acknowledged` when this call changed the incident; otherwise the state it already had. */
  outcome: 'acknowledged' | 'already_acknowledged' | 'already_resolved';
  incident: IncidentSummary;
}

/**
 * Acknowledges the incident named by a push notification's signed ack token, as the user the
 * page was sent to. The user must still be active and a responder (or admin) of the
 * incident's team, so a token outlives neither a deactivation nor a role change. A second
 * tap, or a tap after someone else acknowledged, reports the current state instead of
 * failing, because the person only needs to know that the page is handled.
 */
export async function acknowledgeFromPush(
  deps: AcknowledgeFromPushDeps,
  input: { ackToken: string; ip: string | null },
): Promise<AcknowledgeFromPushResult> {
  const claims = deps.ackTokens.verify(input.ackToken, deps.clock.now());
  if (!claims) {
    throw new UnauthorizedError(
      'This acknowledge link is invalid or has expired; open the incident and acknowledge it there.',
    );
  }
  const user = await deps.db
    .selectFrom('app_user')
    .select(['id', 'platform_role'])
    .where('id', '=', claims.userId)
    .where('deactivated_at', 'is', null)
    .executeTakeFirst();
  if (!user) {
    throw new UnauthorizedError('The account this page was sent to is deactivated.');
  }

  const principal: Principal = {
    userId: user.id,
    platformRole: user.platform_role,
    via: { kind: 'ack_token', incidentId: claims.incidentId },
  };
  try {
    const incident = await acknowledgeIncident(
      deps,
      { principal, ip: input.ip },
      claims.incidentId,
    );
    return { outcome: 'acknowledged', incident };
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }

  // The conflict means the incident left the triggered state before this tap.
  const current = (await loadIncidentSummary(deps.db, claims.incidentId))!;
  return {
    outcome: current.status === 'resolved' ? 'already_resolved' : 'already_acknowledged',
    incident: current,
  };
}
