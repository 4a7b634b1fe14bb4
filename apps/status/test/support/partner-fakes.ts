import { createHash, randomBytes } from 'node:crypto';
import type { PartnerCredentialRecord } from '@pagefree/core/partners/credentials/find-credential';
import type { PageSnapshot } from '@pagefree/core/status-pages/snapshot-types';
import { createLogger } from '@pagefree/logger';
import { createStatusApp } from '../../src/app.ts';
import { createCachedDataSource } from '../../src/data/status-data-source.ts';
import type { RateLimitDecision } from '../../src/http/rate-limit.ts';
import type { PartnerAccessAnnouncements } from '../../src/partners/credential-cache.ts';
import type {
  PartnerAuditEntry,
  PartnerGateway,
  SignInLinkRequest,
} from '../../src/partners/partner-gateway.ts';
import type {
  PartnerRateLimiter,
  PartnerRateLimitTier,
} from '../../src/partners/partner-limits.ts';
import { createPartnerSite } from '../../src/partners/partner-site.ts';
import { countingLimiter, memoryStore, rejectingGateway } from './fakes.ts';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
export const newToken = (prefix: 'pfpt' | 'pfps' | 'pfpl') =>
  `${prefix}_${randomBytes(32).toString('base64url')}`;

/**
 * Creates an in-memory partner gateway: credentials by hash, sign-in links by hash, and
 * every call recorded, so tests can check what reached the "database" and what did not.
 */
export function memoryPartnerGateway() {
  const credentials = new Map<string, PartnerCredentialRecord>();
  const links = new Map<
    string,
    { partnerId: string; pageId: string; slug: string; expiresAt: number; usedAt: number | null }
  >();
  const calls = {
    findCredential: [] as Array<[string, string]>,
    signInRequests: [] as SignInLinkRequest[],
    exchanges: 0,
    signOuts: [] as string[],
    announced: [] as string[],
  };
  const audit: PartnerAuditEntry[] = [];
  const uses = { tokens: 0, sessions: 0 };

  const gateway: PartnerGateway = {
    async findCredential(kind, tokenHash) {
      calls.findCredential.push([kind, tokenHash]);
      const record = credentials.get(tokenHash);
      return record && record.kind === kind ? structuredClone(record) : null;
    },
    async requestSignInLink(request) {
      calls.signInRequests.push(request);
    },
    async exchangeSignInLink(input) {
      calls.exchanges += 1;
      const link = links.get(input.linkTokenHash);
      if (!link || link.slug !== input.slug) return { outcome: 'invalid', partnerId: null };
      if (link.usedAt !== null) return { outcome: 'used', partnerId: link.partnerId };
      if (link.expiresAt <= Date.now()) return { outcome: 'expired', partnerId: link.partnerId };
      link.usedAt = Date.now();
      const sessionId = crypto.randomUUID();
      const expiresAt = new Date(Date.now() + 24 * 3_600_000);
      credentials.set(input.sessionTokenHash, {
        kind: 'session',
        id: sessionId,
        partnerId: link.partnerId,
        grantId: 'grant',
        pageId: link.pageId,
        pageSlug: link.slug,
        expiresAt: expiresAt.getTime(),
        endedAt: null,
        endReason: null,
        grantRevoked: false,
        partnerDeactivated: false,
      });
      let endedPrevious = false;
      const previous = input.previousSessionTokenHash
        ? credentials.get(input.previousSessionTokenHash)
        : undefined;
      if (previous) {
        previous.endedAt = Date.now();
        previous.endReason = 'replaced';
        endedPrevious = true;
      }
      return {
        outcome: 'signed_in',
        sessionId,
        partnerId: link.partnerId,
        expiresAt,
        endedPrevious,
      };
    },
    async signOut(input) {
      calls.signOuts.push(input.sessionTokenHash);
      const session = credentials.get(input.sessionTokenHash);
      if (session && session.endedAt === null) {
        session.endedAt = Date.now();
        session.endReason = 'signed_out';
      }
    },
    async announceChange(partnerId) {
      calls.announced.push(partnerId);
    },
    async recordAudit(entries) {
      audit.push(...entries);
    },
    async recordUse(batch) {
      uses.tokens += batch.tokens.reduce((sum, use) => sum + use.count, 0);
      uses.sessions += batch.sessions.reduce((sum, use) => sum + use.count, 0);
    },
  };

  return {
    gateway,
    calls,
    audit,
    uses,
    /** Stores a credential for `snapshot`'s page and returns its token and record. */
    addCredential(
      kind: 'token' | 'session',
      snapshot: PageSnapshot,
      overrides: Partial<PartnerCredentialRecord> = {},
    ) {
      const token = newToken(kind === 'token' ? 'pfpt' : 'pfps');
      const record: PartnerCredentialRecord = {
        kind,
        id: crypto.randomUUID(),
        partnerId: crypto.randomUUID(),
        grantId: crypto.randomUUID(),
        pageId: snapshot.page.id,
        pageSlug: snapshot.page.slug,
        expiresAt: Date.now() + 86_400_000,
        endedAt: null,
        endReason: null,
        grantRevoked: false,
        partnerDeactivated: false,
        ...overrides,
      };
      credentials.set(sha256(token), record);
      return { token, record };
    },
    /** Changes a stored credential, as an admin action in the database would. */
    update(token: string, change: Partial<PartnerCredentialRecord>) {
      Object.assign(credentials.get(sha256(token))!, change);
    },
    addLink(snapshot: PageSnapshot, partnerId: string, expiresAt = Date.now() + 900_000) {
      const token = newToken('pfpl');
      links.set(sha256(token), {
        partnerId,
        pageId: snapshot.page.id,
        slug: snapshot.page.slug,
        expiresAt,
        usedAt: null,
      });
      return token;
    },
  };
}

/** Announcements driven by the test. */
export function manualAnnouncements() {
  const changed: Array<(partnerId: string) => void> = [];
  const resubscribed: Array<() => void> = [];
  let live = true;
  const announcements: PartnerAccessAnnouncements = {
    live: () => live,
    onChanged: (listener) => changed.push(listener),
    onResubscribed: (listener) => resubscribed.push(listener),
  };
  return {
    announcements,
    announce(partnerId: string) {
      for (const listener of changed) listener(partnerId);
    },
    setLive(value: boolean) {
      live = value;
    },
  };
}

/** Creates a partner limiter that allows `points` per tier and key and records every call. */
export function countingPartnerLimiter(
  points: Partial<Record<PartnerRateLimitTier, number>> = {},
): PartnerRateLimiter & { calls: Array<[PartnerRateLimitTier, string]> } {
  const used = new Map<string, number>();
  const calls: Array<[PartnerRateLimitTier, string]> = [];
  return {
    calls,
    async consume(tier, key): Promise<RateLimitDecision> {
      calls.push([tier, key]);
      const limit = points[tier] ?? 1_000_000;
      const count = (used.get(`${tier}:${key}`) ?? 0) + 1;
      used.set(`${tier}:${key}`, count);
      return {
        allowed: count <= limit,
        limit,
        remaining: Math.max(0, limit - count),
        resetSeconds: 30,
        windowSeconds: 60,
      };
    },
  };
}

/** Builds the status app with partner access over in-memory fakes and a controllable clock. */
export function partnerTestApp(
  options: { partnerLimits?: Partial<Record<PartnerRateLimitTier, number>>; siteUrl?: string } = {},
) {
  const memory = memoryStore();
  const partners = memoryPartnerGateway();
  const announcements = manualAnnouncements();
  const publicLimiter = countingLimiter(1_000_000);
  const partnerLimiter = countingPartnerLimiter(options.partnerLimits);
  const clock = { now: Date.now() };
  const logger = createLogger({ level: 'silent', name: 'status-test' });
  const site = createPartnerSite({
    gateway: partners.gateway,
    announcements: announcements.announcements,
    partnerLimiter,
    limiter: publicLimiter,
    logger,
    siteUrl: options.siteUrl ?? 'https://status.example.com',
    now: () => clock.now,
    usage: { flushIntervalMs: 3_600_000 },
  });
  const app = createStatusApp({
    data: createCachedDataSource(memory.store, memory.announcements, {
      maxAgeMs: 60_000,
      maxEntries: 100,
      now: Date.now,
    }),
    subscriptions: rejectingGateway,
    limiter: publicLimiter,
    partners: site,
    logger,
    siteUrl: options.siteUrl ?? 'https://status.example.com',
    clientAddress: (c) => c.req.header('x-test-client') ?? '192.0.2.1',
  });
  return { app, memory, partners, announcements, publicLimiter, partnerLimiter, clock, site };
}
