import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { rotateSecrets } from '@pagefree/core/crypto/rotate-secrets';
import { startSecretRotation } from '@pagefree/core/crypto/rotate-secrets-job';
import {
  decryptSecret,
  type EncryptionKeys,
  encryptSecret,
} from '@pagefree/core/crypto/secret-box';
import { loadValidSigningSecrets } from '@pagefree/core/integrations/signing-secrets';
import { webhookSecretContext } from '@pagefree/core/notifications/contact-methods';
import { decryptRunSecrets } from '@pagefree/core/runbooks/decrypt-run-secrets';
import { createSilentLogger } from '@pagefree/logger';
import { registerTestSecret, TEST_REDIS_URL } from '@pagefree/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import {
  createApprovedRunbook,
  type RunbookFixture,
  seedRunbookFixture,
  startRunbookStack,
} from './runbooks-fixture.ts';
import { sessionCookie, type TestStack } from './support/stack.ts';
import { trpcClient } from './support/trpc-client.ts';

type RotationStack = Awaited<ReturnType<typeof startRunbookStack>>;

const ROTATE_CLI = fileURLToPath(new URL('../../worker/src/rotate-secrets.ts', import.meta.url));
const logger = createSilentLogger();

interface Seeded {
  integrationId: string;
  signingSecret: string;
  contactId: string;
  contactSecret: string;
  runbookId: string;
  runbookSecret: string;
  subscriberId: string;
  subscriberSecret: string;
}

describe('encryption key rotation', () => {
  let stack: RotationStack;
  let fixture: RunbookFixture;
  let seeded: Seeded;
  let oldKeys: EncryptionKeys;
  let newKeys: EncryptionKeys;

  beforeAll(async () => {
    stack = await startRunbookStack({ env: { ENCRYPTION_KEY_ID: 'k1' } });
    fixture = await seedRunbookFixture(stack);
    oldKeys = stack.config.encryption;
    const newKey = randomBytes(32);
    registerTestSecret('ENCRYPTION_KEY', newKey.toString('base64'));
    newKeys = { current: { id: 'k2', key: newKey }, previous: [oldKeys.current] };
    seeded = await seedSecrets(stack, fixture, oldKeys);
  });
  afterAll(async () => {
    await stack.close();
  });

  async function keyIds(): Promise<string[]> {
    const rows = await Promise.all([
      stack.db
        .selectFrom('integration_secret')
        .select('key_id')
        .where('integration_id', '=', seeded.integrationId)
        .execute(),
      stack.db
        .selectFrom('contact_method')
        .select('secret_key_id as key_id')
        .where('id', '=', seeded.contactId)
        .execute(),
      stack.db
        .selectFrom('runbook_secret')
        .select('key_id')
        .where('runbook_id', '=', seeded.runbookId)
        .execute(),
      stack.db
        .selectFrom('status_subscriber')
        .select('secret_key_id as key_id')
        .where('id', '=', seeded.subscriberId)
        .execute(),
    ]);
    return rows.flat().map((row) => String(row.key_id));
  }

  it('--check counts secrets on old keys', () => {
    const result = runCli(stack, newKeys, ['--check']);

    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(/integration_secret: [1-9]\d* on keys other than k2/);
  });

  it('secrets start on the old key', async () => {
    expect(new Set(await keyIds())).toEqual(new Set(['k1']));
  });

  it('one pass moves every secret to the current key', async () => {
    const results = await rotateSecrets({ db: stack.db, keys: newKeys, logger });

    expect(results.map((result) => [result.table, result.remaining])).toEqual([
      ['integration_secret', 0],
      ['contact_method', 0],
      ['runbook_secret', 0],
      ['status_subscriber', 0],
    ]);
    expect(new Set(await keyIds())).toEqual(new Set(['k2']));
  });

  // After the pass only the new key is configured: each reader must still decrypt.
  const onlyNewKey = () => ({ current: newKeys.current, previous: [] });

  it('signing secret readable with the new key alone', async () => {
    const secrets = await loadValidSigningSecrets(
      stack.db,
      onlyNewKey(),
      seeded.integrationId,
      new Date(),
    );

    expect(secrets).toEqual([seeded.signingSecret]);
  });

  it('contact webhook secret readable with the new key alone', async () => {
    const row = await stack.db
      .selectFrom('contact_method')
      .select(['secret_ciphertext', 'secret_key_id'])
      .where('id', '=', seeded.contactId)
      .executeTakeFirstOrThrow();

    const value = decryptSecret(
      onlyNewKey(),
      { ciphertext: row.secret_ciphertext!, keyId: row.secret_key_id! },
      webhookSecretContext(seeded.contactId),
    );

    expect(value).toBe(seeded.contactSecret);
  });

  it('runbook secret readable with the new key alone', async () => {
    const secrets = await decryptRunSecrets(stack.db, onlyNewKey(), seeded.runbookId, [
      'API_TOKEN',
    ]);

    expect(secrets).toEqual([{ name: 'API_TOKEN', value: seeded.runbookSecret }]);
  });

  it('subscriber secret readable with the new key alone', async () => {
    const row = await stack.db
      .selectFrom('status_subscriber')
      .select(['secret_ciphertext', 'secret_key_id'])
      .where('id', '=', seeded.subscriberId)
      .executeTakeFirstOrThrow();

    const value = decryptSecret(
      onlyNewKey(),
      { ciphertext: row.secret_ciphertext!, keyId: row.secret_key_id! },
      `status-subscriber-secret:${seeded.subscriberId}`,
    );

    expect(value).toBe(seeded.subscriberSecret);
  });

  it('second pass changes nothing', async () => {
    const results = await rotateSecrets({ db: stack.db, keys: newKeys, logger });

    expect(results.map((result) => result.reencrypted)).toEqual([0, 0, 0, 0]);
  });

  it('value on an unknown key is reported and left alone', async () => {
    const broken = await stack.db
      .insertInto('integration_secret')
      .values({ integration_id: seeded.integrationId, ciphertext: 'AAAA', key_id: 'k9' })
      .returning('id')
      .executeTakeFirstOrThrow();

    const results = await rotateSecrets({ db: stack.db, keys: newKeys, logger });

    expect(results[0]).toMatchObject({ table: 'integration_secret', failed: 1, remaining: 1 });
    await stack.db.deleteFrom('integration_secret').where('id', '=', broken.id).execute();
  });

  it('background job re-encrypts while previous keys are set', async () => {
    const extra = await seedSecrets(stack, fixture, oldKeys);
    const job = startSecretRotation({
      db: stack.db,
      keys: newKeys,
      logger,
      firstPassDelayMs: 60_000,
    });

    const results = await job.runOnce();
    await job.close();

    expect(results?.every((result) => result.remaining === 0)).toBe(true);
    const ids = await stack.db
      .selectFrom('contact_method')
      .select('secret_key_id')
      .where('id', '=', extra.contactId)
      .executeTakeFirstOrThrow();
    expect(ids.secret_key_id).toBe('k2');
  });

  it('background job does nothing without previous keys', async () => {
    const job = startSecretRotation({
      db: stack.db,
      keys: onlyNewKey(),
      logger,
      firstPassDelayMs: 60_000,
    });

    const results = await job.runOnce();
    await job.close();

    expect(results).toBeNull();
  });

  it('command reports success once all are moved', () => {
    const result = runCli(stack, newKeys, []);

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Every stored secret uses key k2');
  });
});

/** Creates one secret of each kind through the services that own them, encrypted with `keys`. */
async function seedSecrets(
  stack: TestStack,
  fixture: RunbookFixture,
  keys: EncryptionKeys,
): Promise<Seeded> {
  const client = trpcClient(stack.server.url, {
    cookie: await sessionCookie(stack.db, fixture.responders[0]!.id),
  });
  const contact = await client.notifications.addContactMethod.mutate({
    type: 'webhook',
    address: 'http://127.0.0.1:9/unused',
  });
  registerTestSecret('contact webhook secret', contact.signingSecret);

  const runbookSecret = `rb-${randomBytes(12).toString('hex')}`;
  const { runbookId } = await createApprovedRunbook(fixture, {
    script: 'return 1;',
    secrets: { API_TOKEN: runbookSecret },
  });

  // Status subscriptions are made on the public site; the row is written here with the same
  // context its service uses.
  const page = await stack.db
    .insertInto('status_page')
    .values({
      team_id: fixture.teamId,
      slug: `rotation-${randomBytes(4).toString('hex')}`,
      name: 'Rotation',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const subscriberId = randomUUID();
  const subscriberSecret = `whsec_${randomBytes(24).toString('base64url')}`;
  registerTestSecret('subscriber webhook secret', subscriberSecret);
  const encrypted = encryptSecret(
    keys,
    subscriberSecret,
    `status-subscriber-secret:${subscriberId}`,
  );
  await stack.db
    .insertInto('status_subscriber')
    .values({
      id: subscriberId,
      page_id: page.id,
      channel: 'webhook',
      webhook_url: 'http://127.0.0.1:9/unused',
      secret_ciphertext: encrypted.ciphertext,
      secret_key_id: encrypted.keyId,
      component_ids: [],
      token_salt: `${keys.current.id}.${randomBytes(16).toString('base64url')}`,
      manage_token_hash: randomBytes(32).toString('hex'),
      confirmed_at: new Date(),
    })
    .execute();

  return {
    integrationId: fixture.integration.id,
    signingSecret: fixture.integration.signingSecret,
    contactId: contact.id,
    contactSecret: contact.signingSecret!,
    runbookId,
    runbookSecret,
    subscriberId,
    subscriberSecret,
  };
}

/** Runs `pnpm rotate-secrets` with `keys` as ENCRYPTION_KEY and ENCRYPTION_PREVIOUS_KEYS. */
function runCli(stack: RotationStack, keys: EncryptionKeys, args: string[]) {
  const vapid = webpush.generateVAPIDKeys();
  return spawnSync(process.execPath, [ROTATE_CLI, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: process.env.PATH,
      PAGEFREE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: stack.database.url,
      REDIS_URL: TEST_REDIS_URL,
      PUBLIC_URL: 'http://127.0.0.1:3000',
      ENCRYPTION_KEY: keys.current.key.toString('base64'),
      ENCRYPTION_KEY_ID: keys.current.id,
      ENCRYPTION_PREVIOUS_KEYS: keys.previous
        .map((key) => `${key.id}:${key.key.toString('base64')}`)
        .join(','),
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
    },
  });
}
