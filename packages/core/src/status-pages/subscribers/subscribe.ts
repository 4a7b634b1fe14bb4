import { randomBytes, randomUUID } from 'node:crypto';
import { type Db, withTransaction } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import type { ActorRef } from '../../auth/principal.ts';
import { type EncryptionKeys, encryptSecret } from '../../crypto/secret-box.ts';
import { hashToken } from '../../crypto/tokens.ts';
import { assertPublicUrl, BlockedTargetError } from '../../notifications/channels/network-guard.ts';
import { withTimeout } from '../../runtime/redis.ts';
import type { Clock } from '../../shared/clock.ts';
import { NotFoundError, UnavailableError, ValidationError } from '../../shared/errors.ts';
import { addStatusJobs, type StatusQueue } from '../status-queue.ts';
import type { SubscriberTokens } from './subscriber-tokens.ts';

/** How long a double opt-in link stays valid. */
export const CONFIRMATION_TTL_MS = 48 * 3_600_000;

export interface SubscribeDeps {
  db: Db;
  clock: Clock;
  tokens: SubscriberTokens;
  statusQueue: StatusQueue;
  encryptionKeys: EncryptionKeys;
  allowPrivateNetworkTargets: boolean;
  logger: Logger;
}

export interface SubscribeRequest {
  slug: string;
  componentIds: string[];
  ip: string | null;
}

/**
 * Starts an email subscription to a public page: stores it unconfirmed and queues the
 * double opt-in email. The result is the same whether the address was new, pending or
 * already confirmed, so the form cannot be used to learn who subscribes. A pending
 * subscription gets its confirmation email again; a confirmed one is left unchanged.
 */
export async function subscribeByEmail(
  deps: SubscribeDeps,
  request: SubscribeRequest & { email: string },
): Promise<void> {
  const email = request.email.trim();
  if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw new ValidationError('email', 'Enter an email address such as name@example.com.');
  }
  const page = await loadSubscribablePage(deps.db, request.slug);
  const componentIds = await validComponentIds(deps.db, page.id, request.componentIds);
  const now = deps.clock.now();

  const subscriberId = await withTransaction(deps.db, async (trx) => {
    const existing = await trx
      .selectFrom('status_subscriber')
      .select(['id', 'confirmed_at'])
      .where('page_id', '=', page.id)
      .where('channel', '=', 'email')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .where('unsubscribed_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (existing?.confirmed_at) return null;
    if (existing) {
      await trx
        .updateTable('status_subscriber')
        .set({
          component_ids: componentIds,
          confirm_expires_at: new Date(now.getTime() + CONFIRMATION_TTL_MS),
        })
        .where('id', '=', existing.id)
        .execute();
      return existing.id;
    }

    const id = randomUUID();
    const salt = deps.tokens.newSalt();
    await trx
      .insertInto('status_subscriber')
      .values({
        id,
        page_id: page.id,
        channel: 'email',
        email,
        component_ids: componentIds,
        token_salt: salt,
        manage_token_hash: hashToken(deps.tokens.token('manage', id, salt)),
        confirm_token_hash: hashToken(deps.tokens.token('confirm', id, salt)),
        confirm_expires_at: new Date(now.getTime() + CONFIRMATION_TTL_MS),
        created_at: now,
      })
      .execute();
    await recordAuditEvent(trx, anonymous(request.ip), {
      action: 'status_subscriber.created',
      resourceType: 'status_subscriber',
      resourceId: id,
      teamId: page.team_id,
      metadata: { pageId: page.id, channel: 'email' },
    });
    return id;
  });
  if (!subscriberId) return;

  try {
    await withTimeout(
      addStatusJobs(deps.statusQueue, [{ name: 'send-confirmation', data: { subscriberId } }], now),
      2_000,
      'Queueing the confirmation email',
    );
  } catch (error) {
    // The subscription is stored but unconfirmed; submitting the form again resends.
    deps.logger.warn({ err: error, subscriberId }, 'Queueing a confirmation email failed');
    throw new UnavailableError(
      'The confirmation email could not be queued; try again in a minute.',
      {
        cause: error,
      },
    );
  }
}

/**
 * Subscribes a webhook to a public page. Webhooks cannot confirm by email, so the
 * subscription is active at once, and the signing secret is returned this one time for the
 * subscriber to verify `x-pagefree-signature`.
 */
export async function subscribeWebhook(
  deps: SubscribeDeps,
  request: SubscribeRequest & { url: string },
): Promise<{ secret: string }> {
  const page = await loadSubscribablePage(deps.db, request.slug);
  const componentIds = await validComponentIds(deps.db, page.id, request.componentIds);
  try {
    await assertPublicUrl(request.url, {
      allowPrivateNetworkTargets: deps.allowPrivateNetworkTargets,
      protocols: deps.allowPrivateNetworkTargets ? ['https:', 'http:'] : ['https:'],
    });
  } catch (error) {
    if (error instanceof BlockedTargetError) throw new ValidationError('url', error.message);
    throw new ValidationError('url', 'the host name could not be resolved');
  }
  const now = deps.clock.now();
  const id = randomUUID();
  const salt = deps.tokens.newSalt();
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const encrypted = encryptSecret(deps.encryptionKeys, secret, `status-subscriber-secret:${id}`);

  await withTransaction(deps.db, async (trx) => {
    await trx
      .insertInto('status_subscriber')
      .values({
        id,
        page_id: page.id,
        channel: 'webhook',
        webhook_url: request.url,
        secret_ciphertext: encrypted.ciphertext,
        secret_key_id: encrypted.keyId,
        component_ids: componentIds,
        token_salt: salt,
        manage_token_hash: hashToken(deps.tokens.token('manage', id, salt)),
        confirmed_at: now,
        created_at: now,
      })
      .execute();
    await recordAuditEvent(trx, anonymous(request.ip), {
      action: 'status_subscriber.created',
      resourceType: 'status_subscriber',
      resourceId: id,
      teamId: page.team_id,
      metadata: { pageId: page.id, channel: 'webhook' },
    });
  });
  return { secret };
}

/** Loads a public page by slug; a private page is rejected exactly like a missing one. */
async function loadSubscribablePage(db: Db, slug: string) {
  const page = await db
    .selectFrom('status_page')
    .select(['id', 'team_id'])
    .where('slug', '=', slug)
    .where('visibility', '=', 'public')
    .executeTakeFirst();
  if (!page) throw new NotFoundError('Status page', slug);
  return page;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function validComponentIds(
  db: Db,
  pageId: string,
  componentIds: string[],
): Promise<string[]> {
  const unique = [...new Set(componentIds)];
  if (unique.length === 0) return [];
  // Form values arrive unchecked; a value that is not a UUID would fail the query itself.
  if (!unique.every((id) => UUID.test(id))) {
    throw new ValidationError('components', 'choose components shown on this page');
  }
  const rows = await db
    .selectFrom('status_component')
    .select('id')
    .where('page_id', '=', pageId)
    .where('id', 'in', unique)
    .execute();
  if (rows.length !== unique.length) {
    throw new ValidationError('components', 'choose components shown on this page');
  }
  return unique;
}

function anonymous(ip: string | null): ActorRef {
  return { type: 'anonymous', id: null, ip };
}
