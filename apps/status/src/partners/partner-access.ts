import {
  PARTNER_SESSION_PATTERN,
  PARTNER_TOKEN_PATTERN,
} from '@pagefree/core/partners/partner-tokens';
import type { Context, MiddlewareHandler } from 'hono';
import type { StatusEnv } from '../http/app-env.ts';
import type { RateLimitDecision } from '../http/rate-limit.ts';
import type { CredentialCache } from './credential-cache.ts';
import { decideCredential } from './credential-decision.ts';
import type { PartnerCookies } from './partner-cookies.ts';
import { type PartnerDenial, sessionDenial, tokenDenial } from './partner-denials.ts';
import type {
  PartnerAuditEntry,
  PartnerCredentialRecord,
  PartnerGateway,
} from './partner-gateway.ts';
import type { PartnerRateLimiter } from './partner-limits.ts';
import {
  expectsJson,
  isPartnerRoute,
  isReadableByPartner,
  type PartnerTarget,
  parseTarget,
} from './partner-routes-policy.ts';
import type { UsageRecorder } from './usage-recorder.ts';
import { sha256Hex } from './web-crypto.ts';

export interface PartnerAccessDeps {
  gateway: PartnerGateway;
  cache: CredentialCache;
  limiter: PartnerRateLimiter;
  usage: UsageRecorder;
  cookies: PartnerCookies;
  now(): number;
}

interface Presented {
  kind: 'token' | 'session';
  value: string;
}

/** A rate-limited credential or address is audited once per this interval, not per request. */
const DENIAL_AUDIT_INTERVAL_MS = 60_000;

/**
 * Creates the status site's partner middleware, the only place partner credentials are
 * accepted. A credential comes from `Authorization: Bearer pfpt_...` or from the partner
 * session cookie. Query strings and paths are never searched for one, so a token pasted
 * into a URL opens nothing. For a request carrying a credential it, in order:
 * 1. counts the client address against the partner address budget, before any lookup;
 * 2. checks the credential through the cache and rejects invalid, expired and revoked
 *    credentials each with their own message;
 * 3. allows only the read-only routes of the credential's own page;
 * 4. counts the credential against its own budget;
 * 5. sets a partner viewer, which `canView` admits to that one page.
 * Every denial is audited with partner, page, address and user agent; allowed page access
 * is audited through the usage recorder. Requests without a credential pass through as
 * anonymous, and `/{slug}/partner/*` sign-in routes read their cookies themselves.
 */
export function partnerAccess(deps: PartnerAccessDeps): MiddlewareHandler<StatusEnv> {
  const deniedAudited = new Map<string, { at: number; folded: number }>();

  const audit = async (
    c: Context<StatusEnv>,
    entry: Omit<PartnerAuditEntry, 'ip' | 'userAgent' | 'path'>,
  ) => {
    try {
      await deps.gateway.recordAudit([
        {
          ...entry,
          ip: c.get('ip'),
          userAgent: c.req.header('user-agent') ?? null,
          path: c.req.path,
          occurredAt: new Date(deps.now()),
        },
      ]);
    } catch (error) {
      c.get('logger').error(
        { err: error, action: entry.action },
        'Writing a partner audit event failed',
      );
    }
  };

  const deny = async (
    c: Context<StatusEnv>,
    presented: Presented,
    target: PartnerTarget | null,
    denial: PartnerDenial,
    record: PartnerCredentialRecord | null,
  ): Promise<Response> => {
    // One row per address or credential and reason per minute. The next row carries how
    // many denials were folded into it, so a flood is audited as counts, not as rows.
    const throttleKey = `${record?.id ?? c.get('ip')}:${denial.kind}`;
    const folded = foldDenial(deniedAudited, throttleKey, deps.now());
    if (folded !== null) {
      await audit(c, {
        metadata: { foldedDenials: folded },
        action: 'access.denied',
        outcome: 'denied',
        reason: denial.kind === 'invalid' ? 'invalid_credential' : denial.kind,
        partnerId: record?.partnerId ?? null,
        pageId: record?.pageId ?? null,
        credentialKind: presented.kind,
        credentialId: record?.id ?? null,
      });
    }
    if (presented.kind === 'token' || !target || expectsJson(target)) {
      return tokenDenial(c, denial, presented.kind);
    }
    if (denial.kind === 'invalid' || denial.kind === 'expired' || denial.kind === 'revoked') {
      // Set before the response is built, which takes the cookie header along.
      deps.cookies.clearSession(c, target.slug);
    }
    return sessionDenial(c, target.slug, denial);
  };

  return async (c, next) => {
    const path = c.req.path;
    if (path.startsWith('/assets/') || path === '/healthz') return next();
    const target = parseTarget(path);
    if (target && isPartnerRoute(target)) return next();

    const presented = readCredential(c, target, deps.cookies);
    if (!presented) return next();

    const addressBudget = await consume(c, deps.limiter, 'address', c.get('ip') ?? 'unknown');
    if (addressBudget && !addressBudget.allowed) {
      return deny(
        c,
        presented,
        target,
        { kind: 'rate_limited', retryAfterSeconds: addressBudget.resetSeconds },
        null,
      );
    }

    const pattern = presented.kind === 'token' ? PARTNER_TOKEN_PATTERN : PARTNER_SESSION_PATTERN;
    const hash = pattern.test(presented.value) ? await sha256Hex(presented.value) : null;
    let record = hash ? await deps.cache.lookup(presented.kind, hash) : null;
    if (hash && record && target && record.pageSlug !== target.slug) {
      // The page may have been renamed since the check was cached.
      record = await deps.cache.refresh(presented.kind, hash);
    }

    const decision = decideCredential(record, deps.now());
    if (decision.kind !== 'valid') {
      const denial: PartnerDenial =
        decision.kind === 'expired'
          ? { kind: 'expired', expiredAt: decision.record.expiresAt }
          : { kind: decision.kind };
      return deny(c, presented, target, denial, decision.record);
    }
    const valid = decision.record;
    if (!target || target.slug !== valid.pageSlug) {
      const otherPage: PartnerDenial = { kind: 'other_page', pageSlug: valid.pageSlug };
      if (!target) return deny(c, presented, target, otherPage, valid);
      // A public page is served as to anyone. Where the page returns 404 anyway (private
      // or unknown, alike), the partner learns which page the credential is for.
      await next();
      if (c.res.status !== 404) return;
      const denial = await deny(c, presented, target, otherPage, valid);
      c.res = undefined;
      c.res = denial;
      return;
    }
    if (!isReadableByPartner(c.req.method, target)) {
      return deny(
        c,
        presented,
        target,
        { kind: 'route_not_allowed', pageSlug: valid.pageSlug },
        valid,
      );
    }
    const credentialBudget = await consume(c, deps.limiter, 'credential', valid.id);
    if (credentialBudget && !credentialBudget.allowed) {
      return deny(
        c,
        presented,
        target,
        { kind: 'rate_limited', retryAfterSeconds: credentialBudget.resetSeconds },
        valid,
      );
    }

    c.set('viewer', {
      kind: 'partner',
      partnerId: valid.partnerId,
      pageId: valid.pageId,
      credential: { kind: valid.kind, id: valid.id },
    });
    deps.usage.record(valid, {
      ip: c.get('ip'),
      userAgent: c.req.header('user-agent') ?? null,
      path,
    });
    await next();
    if (credentialBudget) setRateLimitHeaders(c.res.headers, credentialBudget);
  };
}

/**
 * Reads the request's partner credential: the Bearer token if an Authorization header
 * carries one, else the session cookie of the page the path names. Other Authorization
 * schemes are not partner credentials and are ignored.
 */
function readCredential(
  c: Context<StatusEnv>,
  target: PartnerTarget | null,
  cookies: PartnerCookies,
): Presented | null {
  const authorization = c.req.header('authorization');
  // Only partner access tokens count; a client's own unrelated Bearer token (a proxy's, a
  // dashboard's) must not turn a public page into a 401.
  const bearer = authorization ? /^Bearer\s+(pfpt_\S*)\s*$/i.exec(authorization) : null;
  if (bearer) return { kind: 'token', value: bearer[1]! };
  const session = target ? cookies.readSession(c, target.slug) : undefined;
  return session ? { kind: 'session', value: session } : null;
}

/** Consumes a partner budget; null when the limiter failed, which lets the request through. */
async function consume(
  c: Context<StatusEnv>,
  limiter: PartnerRateLimiter,
  tier: 'address' | 'credential',
  key: string,
): Promise<RateLimitDecision | null> {
  try {
    return await limiter.consume(tier, key);
  } catch (error) {
    // As for public pages: a failed limiter must not make the status page unreadable.
    c.get('logger').warn({ err: error, tier }, 'Partner rate limiter failed; request allowed');
    return null;
  }
}

/**
 * Returns null when a denial for `key` was audited less than a minute ago (and counts this
 * one), otherwise the number of denials folded since the last row, starting a new window.
 */
function foldDenial(
  audited: Map<string, { at: number; folded: number }>,
  key: string,
  now: number,
): number | null {
  const last = audited.get(key);
  if (last !== undefined && now - last.at < DENIAL_AUDIT_INTERVAL_MS) {
    last.folded += 1;
    return null;
  }
  if (audited.size > 10_000) audited.clear();
  audited.set(key, { at: now, folded: 0 });
  return last?.folded ?? 0;
}

function setRateLimitHeaders(headers: Headers, decision: RateLimitDecision): void {
  headers.set('RateLimit-Limit', String(decision.limit));
  headers.set('RateLimit-Remaining', String(decision.remaining));
  headers.set('RateLimit-Reset', String(decision.resetSeconds));
  headers.set('RateLimit-Policy', `${decision.limit};w=${decision.windowSeconds}`);
}
