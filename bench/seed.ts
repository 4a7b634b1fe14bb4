import { randomBytes, randomUUID } from 'node:crypto';
import type { Config } from '../packages/config/src/index.ts';
import { type Principal, SYSTEM_ACTOR } from '../packages/core/src/auth/principal.ts';
import { createEscalationPolicy } from '../packages/core/src/escalation-policies/create-policy.ts';
import { createIntegration } from '../packages/core/src/integrations/create-integration.ts';
import { createService } from '../packages/core/src/services/create-service.ts';
import { systemClock } from '../packages/core/src/shared/clock.ts';
import { createTeam } from '../packages/core/src/teams/create-team.ts';
import { setTeamMember } from '../packages/core/src/teams/members.ts';
import { insertUser } from '../packages/core/src/users/create-user.ts';
import type { Db } from '../packages/db/src/index.ts';
import type { PushSubscriptionKeys } from '../packages/testing/src/push-service.ts';

export interface BenchFixture {
  serviceId: string;
  integrationId: string;
  integrationKey: string;
  responderId: string;
}

/**
 * Creates, through the core services, a team with one responder, a one-level escalation
 * policy that pages that responder at once, a service and an Alertmanager integration.
 *
 * The responder's email contact method is deleted, so `pushSubscription`, when given, is
 * the only channel the worker delivers to. Without it the responder has no channel at all
 * and escalation records them as unreachable.
 */
export async function seedBenchFixture(
  db: Db,
  config: Config,
  pushSubscription?: PushSubscriptionKeys,
): Promise<BenchFixture> {
  const suffix = randomBytes(4).toString('hex');
  const password = 'correct horse battery staple';
  const deps = { db, clock: systemClock };

  const admin = await insertUser(db, SYSTEM_ACTOR, {
    email: `bench-admin-${suffix}@example.com`,
    name: `Bench admin ${suffix}`,
    password,
    platformRole: 'PLATFORM_ADMIN',
  });
  const principal: Principal = {
    userId: admin.id,
    platformRole: 'PLATFORM_ADMIN',
    via: { kind: 'session', sessionId: randomUUID() },
  };
  const caller = { principal, ip: '127.0.0.1' };
  const team = await createTeam(deps, caller, { name: `Bench ${suffix}`, slug: `bench-${suffix}` });

  const responder = await insertUser(db, SYSTEM_ACTOR, {
    email: `bench-responder-${suffix}@example.com`,
    name: `Bench responder ${suffix}`,
    password,
    platformRole: 'USER',
  });
  await setTeamMember(deps, caller, { teamId: team.id, userId: responder.id, role: 'RESPONDER' });
  await db.deleteFrom('contact_method').where('user_id', '=', responder.id).execute();
  if (pushSubscription) {
    await db
      .insertInto('push_subscription')
      .values({
        user_id: responder.id,
        endpoint: pushSubscription.endpoint,
        p256dh: pushSubscription.p256dh,
        auth: pushSubscription.auth,
      })
      .execute();
  }

  const policy = await createEscalationPolicy(deps, caller, {
    teamId: team.id,
    name: `Bench ${suffix}`,
    description: '',
    repeatCount: 0,
    levels: [{ delayMinutes: 30, targets: [{ type: 'user', id: responder.id }] }],
  });
  const service = await createService(deps, caller, {
    teamId: team.id,
    name: `Bench service ${suffix}`,
    routingKey: `bench-${suffix}`,
    description: '',
    escalationPolicyId: policy.id,
  });
  const created = await createIntegration(
    { ...deps, encryptionKeys: config.encryption, publicUrl: config.publicUrl },
    caller,
    {
      serviceId: service.id,
      name: `Alertmanager ${suffix}`,
      format: 'alertmanager',
      fieldMapping: null,
      signatureRequired: false,
      signatureHeader: 'x-pagefree-signature',
      signatureEncoding: 'hex',
      timestampHeader: null,
    },
  );

  return {
    serviceId: service.id,
    integrationId: created.integration.id,
    integrationKey: created.integration.integrationKey,
    responderId: responder.id,
  };
}
