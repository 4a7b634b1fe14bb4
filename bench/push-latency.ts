import { randomBytes } from 'node:crypto';
import type { PushService, ReceivedPush } from '../packages/testing/src/push-service.ts';
import { alertmanagerBody, postAlertmanager } from './alertmanager.ts';
import { seedBenchFixture } from './seed.ts';
import { type LatencySummary, runConcurrently, summarizeLatency } from './stats.ts';
import type { BenchStack } from './support.ts';

/** How long one page may take from POST to push before it counts as lost. */
const PUSH_TIMEOUT_MS = 15_000;
/** A run stops starting new pages after this many failures, so a broken worker ends it fast. */
const MAX_FAILURES = 3;

export interface PushLatencyOptions {
  pages: number;
  concurrency: number;
}

export interface PushLatencyResult extends PushLatencyOptions {
  /** From just before the POST to its 202 response. */
  accepted: LatencySummary;
  /** From just before the POST to the push service decrypting the push for that incident. */
  delivered: LatencySummary;
  /** One line per failed check, empty when every page arrived once for the right incident. */
  failures: string[];
}

/**
 * Posts `pages` Alertmanager webhooks, each with its own `groupKey` so each opens an
 * incident, to an integration whose policy pages one responder with one push subscription,
 * and times each page until the loopback push service has decrypted its push.
 */
export async function runPushLatency(
  stack: BenchStack,
  push: PushService,
  options: PushLatencyOptions,
): Promise<PushLatencyResult> {
  const subscription = push.createSubscription();
  const fixture = await seedBenchFixture(stack.db, stack.config, subscription);
  const runId = randomBytes(4).toString('hex');
  const acceptedMs: number[] = [];
  const deliveredMs: number[] = [];
  const failures: string[] = [];

  await runConcurrently(options.pages, options.concurrency, async (index) => {
    if (failures.length >= MAX_FAILURES) return;
    const title = `Bench page ${runId} ${index}`;
    const body = alertmanagerBody(`{}/{bench="push"}:{run="${runId}",page="${index}"}`, title);

    const sent = performance.now();
    // The waiter is registered before the POST, so a push that arrives before the 202 is
    // still timed when the push service records it, not when the response is read.
    const delivered = push
      .waitForPush((received) => pushTitle(received) === title, PUSH_TIMEOUT_MS)
      .then((received) => ({ received, at: performance.now() }));
    const response = await postAlertmanager(stack.serverUrl, fixture.integrationKey, body);
    acceptedMs.push(performance.now() - sent);
    if (response.status !== 202) {
      delivered.catch(() => undefined);
      failures.push(`page ${index}: POST returned HTTP ${response.status}: ${response.error}`);
      return;
    }

    try {
      const { received, at } = await delivered;
      deliveredMs.push(at - sent);
      const incidentId = (received.payload as { incidentId?: unknown }).incidentId;
      if (incidentId !== response.incidentId) {
        failures.push(
          `page ${index}: push names incident ${String(incidentId)}, POST opened ${response.incidentId}`,
        );
      }
    } catch (error) {
      failures.push(`page ${index}: ${(error as Error).message}`);
    }
  });

  const receivedHere = push.received.filter(
    (received) => received.endpoint === subscription.endpoint,
  ).length;
  if (failures.length === 0 && receivedHere !== options.pages) {
    failures.push(
      `the push service received ${receivedHere} pushes for ${options.pages} incidents`,
    );
  }
  const rejected = push.rejected.filter(
    (rejection) => rejection.endpoint === subscription.endpoint,
  );
  if (rejected.length > 0) {
    failures.push(
      `the push service rejected ${rejected.length} pushes, first: HTTP ${rejected[0]!.status} ${rejected[0]!.reason}`,
    );
  }

  return {
    ...options,
    accepted: summarizeLatency(acceptedMs),
    delivered: summarizeLatency(deliveredMs),
    failures,
  };
}

function pushTitle(received: ReceivedPush): unknown {
  return (received.payload as { title?: unknown } | null)?.title;
}
