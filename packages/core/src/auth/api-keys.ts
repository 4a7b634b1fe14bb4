import type { Db } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { generateToken, hashToken } from '../crypto/tokens.ts';
import { NotFoundError } from '../shared/errors.ts';
import type { ActorRef, ApiScope, Principal } from './principal.ts';

/**
 * Creates an API key that acts as its owner, limited to `scopes`. The token is returned
 * once; only its SHA-256 and a short prefix (to tell keys apart in lists) are stored.
 */
export async function createApiKey(
  db: Db,
  actor: ActorRef,
  input: {
    userId: string;
    name: string;
    scopes: ApiScope[];
    expiresInDays: number | null;
    now: Date;
  },
) {
  const token = generateToken('pfk');
  const expiresAt = input.expiresInDays
    ? new Date(input.now.getTime() + input.expiresInDays * 86_400_000)
    : null;
  const row = await db
    .insertInto('api_key')
    .values({
      name: input.name,
      token_hash: hashToken(token),
      token_prefix: token.slice(0, 10),
      user_id: input.userId,
      scopes: input.scopes,
      expires_at: expiresAt,
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
  await recordAuditEvent(db, actor, {
    action: 'api_key.created',
    resourceType: 'api_key',
    resourceId: row.id,
  });
  return { id: row.id, token, name: input.name, scopes: input.scopes, expiresAt };
}

export async function listApiKeys(db: Db, userId: string) {
  const rows = await db
    .selectFrom('api_key')
    .select([
      'id',
      'name',
      'token_prefix',
      'scopes',
      'created_at',
      'expires_at',
      'last_used_at',
      'revoked_at',
    ])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    prefix: row.token_prefix,
    scopes: row.scopes,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  }));
}

export async function revokeApiKey(
  db: Db,
  actor: ActorRef,
  input: { userId: string; apiKeyId: string; now: Date },
) {
  const revoked = await db
    .updateTable('api_key')
    .set({ revoked_at: input.now })
    .where('id', '=', input.apiKeyId)
    .where('user_id', '=', input.userId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!revoked) throw new NotFoundError('API key', input.apiKeyId);
  await recordAuditEvent(db, actor, {
    action: 'api_key.revoked',
    resourceType: 'api_key',
    resourceId: input.apiKeyId,
  });
}

/** Resolves a bearer API key to a principal limited to the key's scopes, or null. */
export async function authenticateApiKey(
  db: Db,
  token: string,
  now: Date,
): Promise<Principal | null> {
  if (!token.startsWith('pfk_') || token.length > 100) return null;
  const row = await db
    .selectFrom('api_key')
    .innerJoin('app_user', 'app_user.id', 'api_key.user_id')
    .select([
      'api_key.id',
      'api_key.scopes',
      'api_key.last_used_at',
      'app_user.id as user_id',
      'app_user.platform_role',
    ])
    .where('api_key.token_hash', '=', hashToken(token))
    .where('api_key.revoked_at', 'is', null)
    .where((eb) =>
      eb.or([eb('api_key.expires_at', 'is', null), eb('api_key.expires_at', '>', now)]),
    )
    .where('app_user.deactivated_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;

  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_key').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return {
    userId: row.user_id,
    platformRole: row.platform_role,
    via: { kind: 'api_key', apiKeyId: row.id, scopes: row.scopes as ApiScope[] },
  };
}
