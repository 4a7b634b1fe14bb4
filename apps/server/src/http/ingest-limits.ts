import { IngestRejectedError } from '@pagefree/core/ingestion/ingest-rejected-error';
import { INTEGRATION_FORMATS } from '@pagefree/core/ingestion/receive-webhook';
import { ingestAlerts, ingestDuration, ingestRequests } from '@pagefree/core/observability/metrics';
import { GateFullError } from '@pagefree/core/rate-limits/keyed-gate';
import type { ServerRateLimits } from '@pagefree/core/rate-limits/rate-limits';
import { RateLimitedError, UnavailableError } from '@pagefree/core/shared/errors';
import type { Context } from 'hono';
import type { AppEnv } from './app-env.ts';
import { setRateLimitHeaders } from './rate-limit.ts';

/**
 * Counts a webhook against the ingestion limits and returns how to run it:
 * - under the soft limits: through a per-key gate that lets 8 of that key's webhooks use
 *   the database at once, so even a storm leaves connections for everyone else;
 * - over a soft limit: still stored and deduplicated, but through a gate that lets only 2 of
 *   that key's (or address's) webhooks use the database at once;
 * - when a gate's queue is full, or over the hard limit (10 times the soft one): rejected
 *   with 429.
 * A 429 carries Retry-After, so no alert is dropped without its sender being told. When the
 * limiter itself fails, the webhook runs at once: storing alerts matters more than counting
 * them.
 *
 * NOTE: whether each supported tool retries a 429 was not checked here; one that does not
 * loses what it sends above ten times the limit.
 */
export async function admitWebhook(
  c: Context<AppEnv>,
  limits: ServerRateLimits | undefined,
  integrationKey: string | null,
): Promise<<T>(task: () => Promise<T>) => Promise<T>> {
  const direct = <T>(task: () => Promise<T>) => task();
  if (!limits) return direct;

  let check: Awaited<ReturnType<ServerRateLimits['checkIngest']>>;
  try {
    check = await limits.checkIngest(integrationKey, c.get('ip'));
  } catch (error) {
    c.get('logger').warn(
      { err: error },
      'Ingestion rate limiter failed; webhook accepted without a limit',
    );
    return direct;
  }
  setRateLimitHeaders(c, check.decision);
  if (check.over === 'hard') throw new RateLimitedError(check.decision.resetSeconds);
  const gateKey = check.gateKey;
  const gate = check.over === 'soft' ? limits.overLimitGate : limits.ingestGate;
  return async <T>(task: () => Promise<T>) => {
    try {
      return await gate.run(gateKey, task);
    } catch (error) {
      if (!(error instanceof GateFullError)) throw error;
      const tier = gateKey.startsWith('key ') ? 'ingest-key' : 'ingest-address';
      await limits.recordRejection(tier, gateKey, c.get('ip'));
      c.header('Retry-After', '1');
      throw new RateLimitedError(1);
    }
  };
}

/** Records one webhook in the ingestion metrics, by format and outcome. */
export function observeWebhook(
  format: string | null,
  started: number,
  result: { alerts: number } | { error: unknown },
): void {
  const label =
    format === null
      ? 'pagerduty'
      : INTEGRATION_FORMATS.includes(format as never)
        ? format
        : 'unknown';
  const outcome = 'alerts' in result ? 'accepted' : outcomeOf(result.error);
  ingestRequests.inc({ format: label, outcome });
  ingestDuration.observe({ format: label, outcome }, (performance.now() - started) / 1000);
  if ('alerts' in result) ingestAlerts.inc({ format: label }, result.alerts);
}

function outcomeOf(error: unknown): string {
  if (error instanceof IngestRejectedError) return error.reason;
  if (error instanceof RateLimitedError) return 'rate_limited';
  if (error instanceof UnavailableError) return 'unavailable';
  return 'error';
}
