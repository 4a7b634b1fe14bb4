import { randomBytes } from 'node:crypto';
import type { Config } from '@pagefree/config';
import { SYSTEM_ACTOR } from '@pagefree/core/auth/principal';
import { createEscalationPolicy } from '@pagefree/core/escalation-policies/create-policy';
import { createIntegration } from '@pagefree/core/integrations/create-integration';
import { createService } from '@pagefree/core/services/create-service';
import { systemClock } from '@pagefree/core/shared/clock';
import { createTeam } from '@pagefree/core/teams/create-team';
import { setTeamMember } from '@pagefree/core/teams/members';
import { insertUser } from '@pagefree/core/users/create-user';
import type { Db, IntegrationFormat, TeamRole } from '@pagefree/db';
import { registerTestSecret } from '@pagefree/testing';
import { sessionPrincipal } from './stack.ts';

export interface FixtureUser {
  id: string;
  email: string;
  password: string;
}

export interface PagingFixture {
  admin: FixtureUser;
  teamId: string;
  responders: FixtureUser[];
  observer: FixtureUser;
  policyId: string;
  serviceId: string;
  routingKey: string;
  integration: { id: string; key: string; signingSecret: string; format: IntegrationFormat };
}

export interface PagingFixtureOptions {
  format?: IntegrationFormat;
  responderCount?: number;
  /** Responder indexes paged by each escalation level, in order. */
  levels?: number[][];
  delayMinutes?: number;
  repeatCount?: number;
  signatureRequired?: boolean;
  timestampHeader?: string | null;
  routingKey?: string;
}

/**
 * Creates, through the real services, one team with responders and an observer, an
 * escalation policy, a service and an integration, with unique names per call.
 */
export async function seedPagingFixture(
  db: Db,
  config: Config,
  options: PagingFixtureOptions = {},
): Promise<PagingFixture> {
  const suffix = randomBytes(4).toString('hex');
  const password = 'correct horse battery staple';
  const deps = { db, clock: systemClock };

  const admin = await insertUser(db, SYSTEM_ACTOR, {
    email: `admin-${suffix}@example.com`,
    name: `Admin ${suffix}`,
    password,
    platformRole: 'PLATFORM_ADMIN',
  });
  const caller = { principal: sessionPrincipal(admin.id, 'PLATFORM_ADMIN'), ip: '127.0.0.1' };
  const team = await createTeam(deps, caller, {
    name: `Payments ${suffix}`,
    slug: `payments-${suffix}`,
  });

  const responders: FixtureUser[] = [];
  for (let index = 0; index < (options.responderCount ?? 2); index += 1) {
    const email = `responder${index}-${suffix}@example.com`;
    const user = await insertUser(db, SYSTEM_ACTOR, {
      email,
      name: `Responder ${index} ${suffix}`,
      password,
      platformRole: 'USER',
    });
    await setTeamMember(deps, caller, {
      teamId: team.id,
      userId: user.id,
      role: 'RESPONDER' satisfies TeamRole,
    });
    responders.push({ id: user.id, email, password });
  }
  const observerEmail = `observer-${suffix}@example.com`;
  const observer = await insertUser(db, SYSTEM_ACTOR, {
    email: observerEmail,
    name: `Observer ${suffix}`,
    password,
    platformRole: 'USER',
  });
  await setTeamMember(deps, caller, { teamId: team.id, userId: observer.id, role: 'OBSERVER' });

  const levels = (options.levels ?? [[0], [1]]).map((indexes) => ({
    delayMinutes: options.delayMinutes ?? 5,
    targets: indexes.map((index) => ({ type: 'user' as const, id: responders[index]!.id })),
  }));
  const policy = await createEscalationPolicy(deps, caller, {
    teamId: team.id,
    name: `Default ${suffix}`,
    description: '',
    repeatCount: options.repeatCount ?? 0,
    levels,
  });

  const routingKey = options.routingKey ?? `checkout-${suffix}`;
  const service = await createService(deps, caller, {
    teamId: team.id,
    name: `Checkout ${suffix}`,
    routingKey,
    description: '',
    escalationPolicyId: null,
  });

  const format = options.format ?? 'alertmanager';
  const created = await createIntegration(
    { ...deps, encryptionKeys: config.encryption, publicUrl: config.publicUrl },
    caller,
    {
      serviceId: service.id,
      name: `${format} ${suffix}`,
      format,
      fieldMapping: null,
      signatureRequired: options.signatureRequired ?? false,
      signatureHeader: 'x-pagefree-signature',
      signatureEncoding: 'hex',
      timestampHeader: options.timestampHeader ?? null,
    },
  );

  registerTestSecret('user password', password);
  registerTestSecret('integration key', created.integration.integrationKey);
  registerTestSecret('integration signing secret', created.signingSecret);
  return {
    admin: { id: admin.id, email: admin.email, password },
    teamId: team.id,
    responders,
    observer: { id: observer.id, email: observerEmail, password },
    policyId: policy.id,
    serviceId: service.id,
    routingKey,
    integration: {
      id: created.integration.id,
      key: created.integration.integrationKey,
      signingSecret: created.signingSecret,
      format,
    },
  };
}
