import type { Db } from '@pagefree/db';
import { ValidationError } from '../shared/errors.ts';

/** Throws unless the escalation policy exists and belongs to the team. */
export async function requirePolicyOfTeam(
  db: Db,
  policyId: string,
  teamId: string,
  field: string,
): Promise<void> {
  const policy = await db
    .selectFrom('escalation_policy')
    .select('team_id')
    .where('id', '=', policyId)
    .executeTakeFirst();
  if (!policy || policy.team_id !== teamId) {
    throw new ValidationError(field, 'must be an escalation policy of the same team');
  }
}
