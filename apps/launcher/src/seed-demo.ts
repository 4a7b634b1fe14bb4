import { randomBytes } from 'node:crypto';
import type { Config } from '@pagefree/config';
import { SYSTEM_ACTOR } from '@pagefree/core/auth/principal';
import { createEscalationPolicy } from '@pagefree/core/escalation-policies/create-policy';
import { createIntegration } from '@pagefree/core/integrations/create-integration';
import { createSchedule } from '@pagefree/core/schedules/create-schedule';
import { createService } from '@pagefree/core/services/create-service';
import { systemClock } from '@pagefree/core/shared/clock';
import { DEMO_STATUS_SLUG, seedDemoStatusPage } from '@pagefree/core/status-pages/seed-demo-page';
import { createTeam } from '@pagefree/core/teams/create-team';
import { setTeamMember } from '@pagefree/core/teams/members';
import { insertUser } from '@pagefree/core/users/create-user';
import type { Db } from '@pagefree/db';
import { createSilentLogger } from '@pagefree/logger';

export interface DemoSeed {
  adminEmail: string;
  /** Shown once, at the start that created it; only its scrypt hash is stored. */
  adminPassword: string;
  integrationKey: string;
}

function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

/** True when the database has no users yet, i.e. this is the first start. */
export async function needsDemoSeed(db: Db): Promise<boolean> {
  const user = await db.selectFrom('app_user').select('id').limit(1).executeTakeFirst();
  return user === undefined;
}

/**
 * Seeds a demo organisation through the real services: a platform admin, a Payments team
 * with two responders on a weekly rotation, a two-level escalation policy, a Checkout API
 * service and an Alertmanager integration for it. A public status page follows the service.
 */
export async function seedDemo(db: Db, config: Config): Promise<DemoSeed> {
  const deps = { db, clock: systemClock };
  const adminPassword = generatePassword();
  const admin = await insertUser(db, SYSTEM_ACTOR, {
    email: 'admin@pagefree.local',
    name: 'Avery Admin',
    password: adminPassword,
    platformRole: 'PLATFORM_ADMIN',
  });
  const caller = {
    principal: {
      userId: admin.id,
      platformRole: 'PLATFORM_ADMIN' as const,
      via: { kind: 'session' as const, sessionId: 'seed' },
    },
    ip: null,
  };

  const team = await createTeam(deps, caller, { name: 'Payments', slug: 'payments' });
  await setTeamMember(deps, caller, { teamId: team.id, userId: admin.id, role: 'TEAM_ADMIN' });
  const responders = [];
  for (const [email, name] of [
    ['alice@pagefree.local', 'Alice Ortega'],
    ['bob@pagefree.local', 'Bob Nakamura'],
  ] as const) {
    const user = await insertUser(db, SYSTEM_ACTOR, {
      email,
      name,
      password: generatePassword(),
      platformRole: 'USER',
    });
    await setTeamMember(deps, caller, { teamId: team.id, userId: user.id, role: 'RESPONDER' });
    responders.push(user);
  }

  const today = new Date().toISOString().slice(0, 10);
  const schedule = await createSchedule(deps, caller, {
    teamId: team.id,
    name: 'Payments primary',
    timeZone: 'UTC',
    rotationType: 'weekly',
    shiftLength: 1,
    handoffTime: '09:00',
    rotationStartDate: today,
    participantIds: responders.map((user) => user.id),
  });
  await createEscalationPolicy(deps, caller, {
    teamId: team.id,
    name: 'Payments default',
    description: 'Page the on-call engineer, then the team admin.',
    repeatCount: 1,
    levels: [
      { delayMinutes: 5, targets: [{ type: 'schedule', id: schedule.id }] },
      { delayMinutes: 10, targets: [{ type: 'user', id: admin.id }] },
    ],
  });
  const service = await createService(deps, caller, {
    teamId: team.id,
    name: 'Checkout API',
    routingKey: 'checkout-api',
    description: 'Takes payments at checkout.',
    escalationPolicyId: null,
  });
  await seedDemoStatusPage(db, caller, {
    teamId: team.id,
    serviceId: service.id,
    statusSiteUrl: config.statusPublicUrl ?? '',
    logger: createSilentLogger(),
  });
  const { integration } = await createIntegration(
    { ...deps, encryptionKeys: config.encryption, publicUrl: config.publicUrl },
    caller,
    {
      serviceId: service.id,
      name: 'Prometheus Alertmanager',
      format: 'alertmanager',
      fieldMapping: null,
      signatureRequired: false,
      signatureHeader: 'x-pagefree-signature',
      signatureEncoding: 'hex',
      timestampHeader: null,
    },
  );

  return { adminEmail: admin.email, adminPassword, integrationKey: integration.integrationKey };
}

/** The demo integration's key on later starts, for the printed curl command. */
export async function findDemoIntegrationKey(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom('integration')
    .innerJoin('service', 'service.id', 'integration.service_id')
    .select('integration.integration_key')
    .where('service.routing_key', '=', 'checkout-api')
    .where('integration.format', '=', 'alertmanager')
    .executeTakeFirst();
  return row?.integration_key ?? null;
}

/** Returns the demo status page's address, or null when this database has no demo page. */
export async function findDemoStatusPageUrl(
  db: Db,
  statusSiteUrl: string | null,
): Promise<string | null> {
  const page = await db
    .selectFrom('status_page')
    .select('slug')
    .where('slug', '=', DEMO_STATUS_SLUG)
    .executeTakeFirst();
  return page && statusSiteUrl ? `${statusSiteUrl}/${page.slug}` : null;
}
