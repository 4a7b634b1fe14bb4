import { createServer } from 'node:net';
import type { Clock } from '@pagefree/core/shared/clock';
import {
  type NodeStatusAppOptions,
  type RunningStatusSite,
  startStatusSite,
} from '@pagefree/status';
import { type SmtpPeer, startSmtpPeer } from '@pagefree/testing';
import { eventually, sessionCookie, startTestStack, type TestStack } from './stack.ts';
import { trpcClient } from './trpc-client.ts';

export interface StatusStack extends TestStack {
  site: RunningStatusSite;
  /** Base URL of the status site, e.g. http://127.0.0.1:41234. */
  statusUrl: string;
  smtp: SmtpPeer | null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts server, worker and status site on a fresh database, with STATUS_PUBLIC_URL
 * pointing at the status site, so links in emails and feeds work in the test.
 */
export async function startStatusStack(
  options: {
    smtp?: boolean;
    clock?: Clock;
    env?: Record<string, string>;
    rateLimits?: NodeStatusAppOptions['rateLimits'];
    partnerRateLimits?: NodeStatusAppOptions['partnerRateLimits'];
    /** A built console to serve at the server's `/`, for browser tests of the admin screens. */
    webDistDir?: string;
  } = {},
): Promise<StatusStack> {
  const port = await freePort();
  const statusUrl = `http://127.0.0.1:${port}`;
  const smtp = options.smtp ? await startSmtpPeer() : null;
  const stack = await startTestStack({
    ...(smtp && { smtpUrl: smtp.url }),
    ...(options.clock && { clock: options.clock }),
    ...(options.webDistDir && { webDistDir: options.webDistDir }),
    env: { STATUS_PORT: String(port), STATUS_PUBLIC_URL: statusUrl, ...options.env },
  });
  const site = await startStatusSite({
    config: stack.config,
    db: stack.db,
    logger: stack.logger,
    // Every request of a test comes from 127.0.0.1, so the subscribe tier's default would
    // stop a test after 20 form posts. The limits have tests of their own.
    rateLimits: options.rateLimits ?? { subscribe: { points: 1000, windowSeconds: 3600 } },
    // Likewise for partner sign-in, whose default allows 20 requests per hour.
    partnerRateLimits: options.partnerRateLimits ?? {
      'sign-in': { points: 1000, windowSeconds: 3600 },
    },
    ...(options.clock && { clock: options.clock }),
  });
  const closeStack = stack.close;
  return Object.assign(stack, {
    site,
    statusUrl,
    smtp,
    async close() {
      await site.close();
      await closeStack();
      await smtp?.close();
    },
  });
}

/** Creates a tRPC client signed in as the user, over real HTTP. */
export async function signedInClient(stack: TestStack, userId: string) {
  return trpcClient(stack.server.url, { cookie: await sessionCookie(stack.db, userId) });
}

export interface FetchedPage {
  status: number;
  headers: Headers;
  body: string;
}

export async function fetchText(url: string, init?: RequestInit): Promise<FetchedPage> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** Polls a page's summary.json until `accept` returns true; returns that summary. */
export async function waitForSummary(
  statusUrl: string,
  slug: string,
  accept: (summary: any) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<any> {
  return eventually(
    async () => {
      const response = await fetch(`${statusUrl}/${slug}/api/v2/summary.json`);
      if (response.status !== 200) return undefined;
      const summary = await response.json();
      return accept(summary) ? summary : undefined;
    },
    timeoutMs,
    what,
  );
}

/** Returns the status of one component in a summary.json, by name. */
export function componentStatus(summary: any, name: string): string | undefined {
  return summary.components.find((component: any) => component.name === name)?.status;
}
