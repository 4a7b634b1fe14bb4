import type { Logger } from '@pagefree/logger';
import type {
  PartnerAuditEntry,
  PartnerCredentialRecord,
  PartnerGateway,
} from './partner-gateway.ts';

export interface UsageRecorderOptions {
  /** How often counted uses and page access events are written. */
  flushIntervalMs: number;
  /** Shortest interval between two page access events of one credential, per process. */
  accessAuditIntervalMs: number;
  now(): number;
}

export const DEFAULT_USAGE_RECORDING: Omit<UsageRecorderOptions, 'now'> = {
  flushIntervalMs: 5_000,
  accessAuditIntervalMs: 5 * 60_000,
};

/** Buffered events kept while writes fail; beyond this the oldest are dropped and counted. */
const MAX_BUFFERED_EVENTS = 10_000;

export interface UsageRecorder {
  /** Counts one request of a valid credential, and audits page access when it is due. */
  record(credential: PartnerCredentialRecord, request: RequestFacts): void;
  /** Writes what was counted since the last flush. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface RequestFacts {
  ip: string | null;
  userAgent: string | null;
  path: string;
}

interface Use {
  count: number;
  lastUsedAt: number;
}

/**
 * Counts partner requests in memory and writes them in batches: token use counts and last
 * use, sessions' last activity, and `page.accessed` audit events. A credential gets at most
 * one audit event every few minutes per process, so a dashboard polling every second does
 * not write a row per request. A failed write keeps the batch for the next flush.
 *
 * NOTE: counts and events not yet flushed are lost if the process dies; at most
 * `flushIntervalMs` of them.
 */
export function createUsageRecorder(
  gateway: Pick<PartnerGateway, 'recordUse' | 'recordAudit'>,
  logger: Logger,
  options: UsageRecorderOptions,
): UsageRecorder {
  let tokens = new Map<string, Use>();
  let sessions = new Map<string, Use>();
  let events: PartnerAuditEntry[] = [];
  let dropped = 0;
  const lastAudited = new Map<string, number>();

  const count = (uses: Map<string, Use>, id: string, at: number) => {
    const use = uses.get(id);
    if (use) {
      use.count += 1;
      use.lastUsedAt = Math.max(use.lastUsedAt, at);
    } else {
      uses.set(id, { count: 1, lastUsedAt: at });
    }
  };

  const flush = async () => {
    const batch = { tokens, sessions, events };
    tokens = new Map();
    sessions = new Map();
    events = [];
    for (const [id, audited] of lastAudited) {
      if (options.now() - audited >= options.accessAuditIntervalMs) lastAudited.delete(id);
    }
    try {
      await gateway.recordUse({ tokens: toUses(batch.tokens), sessions: toUses(batch.sessions) });
    } catch (error) {
      logger.warn(
        { err: error },
        'Recording partner credential use failed; retrying on the next flush',
      );
      for (const [id, use] of batch.tokens) merge(tokens, id, use);
      for (const [id, use] of batch.sessions) merge(sessions, id, use);
    }
    try {
      await gateway.recordAudit(batch.events);
    } catch (error) {
      logger.warn(
        { err: error, events: batch.events.length },
        'Writing partner access events failed; retrying on the next flush',
      );
      events = [...batch.events, ...events];
    }
    if (events.length > MAX_BUFFERED_EVENTS) {
      dropped += events.length - MAX_BUFFERED_EVENTS;
      events = events.slice(-MAX_BUFFERED_EVENTS);
      logger.error({ dropped }, 'Partner access events dropped while the database was unavailable');
    }
  };

  let flushing: Promise<void> | null = null;
  const flushOnce = () => {
    flushing ??= flush().finally(() => {
      flushing = null;
    });
    return flushing;
  };
  const timer = setInterval(() => void flushOnce(), options.flushIntervalMs);
  // On Node, the timer must not keep a stopping process alive.
  (timer as { unref?: () => void }).unref?.();

  return {
    record(credential, request) {
      const now = options.now();
      count(credential.kind === 'token' ? tokens : sessions, credential.id, now);
      const audited = lastAudited.get(credential.id);
      if (audited !== undefined && now - audited < options.accessAuditIntervalMs) return;
      lastAudited.set(credential.id, now);
      events.push({
        action: 'page.accessed',
        outcome: 'allowed',
        partnerId: credential.partnerId,
        pageId: credential.pageId,
        credentialKind: credential.kind,
        credentialId: credential.id,
        ip: request.ip,
        userAgent: request.userAgent,
        path: request.path,
        occurredAt: new Date(now),
      });
    },
    flush: flushOnce,
    async close() {
      clearInterval(timer);
      await flushOnce();
    },
  };
}

function merge(uses: Map<string, Use>, id: string, use: Use) {
  const current = uses.get(id);
  uses.set(
    id,
    current
      ? {
          count: current.count + use.count,
          lastUsedAt: Math.max(current.lastUsedAt, use.lastUsedAt),
        }
      : use,
  );
}

function toUses(uses: Map<string, Use>) {
  return [...uses].map(([id, use]) => ({
    id,
    count: use.count,
    lastUsedAt: new Date(use.lastUsedAt),
  }));
}
