import { randomBytes } from 'node:crypto';
import { type Db, withTransaction } from '@pagefree/db';
import { z } from 'zod';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { actorOf } from '../auth/principal.ts';
import { type EncryptionKeys, encryptSecret } from '../crypto/secret-box.ts';
import type { Caller } from '../shared/caller.ts';
import { NotFoundError } from '../shared/errors.ts';

export const addContactMethodInput = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('email'),
    address: z.email({ message: 'address must be an email address' }).max(320),
    label: z.string().max(100).default(''),
  }),
  z.object({
    type: z.literal('webhook'),
    address: z
      .url({ message: 'address must be an absolute URL' })
      .max(2000)
      .refine(
        (value) => value.startsWith('https://') || value.startsWith('http://'),
        'address must be an http:// or https:// URL',
      ),
    label: z.string().max(100).default(''),
  }),
]);

export function webhookSecretContext(contactMethodId: string): string {
  return `contact-webhook-secret:${contactMethodId}`;
}

/**
 * Adds an email address or a webhook the user is paged at. A webhook gets a signing
 * secret, returned once, which receivers use to verify our signature.
 */
export async function addContactMethod(
  deps: { db: Db; encryptionKeys: EncryptionKeys },
  caller: Caller,
  input: z.output<typeof addContactMethodInput>,
) {
  return withTransaction(deps.db, async (trx) => {
    const row = await trx
      .insertInto('contact_method')
      .values({
        user_id: caller.principal.userId,
        type: input.type,
        address: input.address,
        label: input.label,
      })
      .onConflict((conflict) =>
        conflict
          .columns(['user_id', 'type', 'address'])
          .doUpdateSet({ enabled: true, label: input.label }),
      )
      .returning(['id', 'type', 'address', 'label'])
      .executeTakeFirstOrThrow();

    let signingSecret: string | null = null;
    if (input.type === 'webhook') {
      signingSecret = randomBytes(32).toString('base64url');
      const encrypted = encryptSecret(
        deps.encryptionKeys,
        signingSecret,
        webhookSecretContext(row.id),
      );
      await trx
        .updateTable('contact_method')
        .set({ secret_ciphertext: encrypted.ciphertext, secret_key_id: encrypted.keyId })
        .where('id', '=', row.id)
        .execute();
    }
    await recordAuditEvent(trx, actorOf(caller.principal, caller.ip), {
      action: 'contact_method.added',
      resourceType: 'contact_method',
      resourceId: row.id,
      metadata: { type: input.type },
    });
    return { id: row.id, type: row.type, address: row.address, label: row.label, signingSecret };
  });
}

export async function listContactMethods(db: Db, userId: string) {
  const rows = await db
    .selectFrom('contact_method')
    .select(['id', 'type', 'address', 'label', 'enabled', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  const pushRows = await db
    .selectFrom('push_subscription')
    .select(['id', 'user_agent', 'created_at', 'last_success_at', 'vapid_fingerprint'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  return {
    contactMethods: rows.map((row) => ({
      id: row.id,
      type: row.type,
      address: row.address,
      label: row.label,
      enabled: row.enabled,
    })),
    pushSubscriptions: pushRows.map((row) => ({
      id: row.id,
      userAgent: row.user_agent,
      createdAt: row.created_at.toISOString(),
      lastSuccessAt: row.last_success_at?.toISOString() ?? null,
      vapidFingerprint: row.vapid_fingerprint,
    })),
  };
}

export async function removeContactMethod(db: Db, caller: Caller, contactMethodId: string) {
  await withTransaction(db, async (trx) => {
    const removed = await trx
      .deleteFrom('contact_method')
      .where('id', '=', contactMethodId)
      .where('user_id', '=', caller.principal.userId)
      .returning('id')
      .executeTakeFirst();
    if (!removed) throw new NotFoundError('Contact method', contactMethodId);
    await recordAuditEvent(trx, actorOf(caller.principal, caller.ip), {
      action: 'contact_method.removed',
      resourceType: 'contact_method',
      resourceId: contactMethodId,
    });
  });
}
