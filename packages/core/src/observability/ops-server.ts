import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@pagefree/logger';
import { metricsRegistry } from './metrics.ts';
import { checkMetricsAccess } from './metrics-access.ts';

/** Result of one dependency check: `ok`, or why it failed. */
export type CheckResult = 'ok' | 'unreachable';

export interface OpsServerOptions {
  host: string;
  port: number;
  /** METRICS_TOKEN, or null for loopback-only access. */
  metricsToken: string | null;
  /**
   * Readiness checks by name. `/readyz` returns 503 when any check named in `required`
   * fails, and 200 with status "degraded" when only others fail.
   */
  checks: Record<string, () => Promise<CheckResult>>;
  required: string[];
  logger: Logger;
}

export interface OpsServer {
  url: string;
  /** Makes `/readyz` return 503, so orchestrators stop routing before the process stops. */
  markStopping(): void;
  close(): Promise<void>;
}

/**
 * Starts a small HTTP listener for processes that serve no other HTTP: `/healthz` (alive),
 * `/readyz` (dependencies) and `/metrics` (Prometheus text format, protected like the
 * server's). The worker starts one on WORKER_METRICS_PORT.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  let stopping = false;
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.logger.warn({ err: error, path: request.url }, 'Operations request failed');
      if (!response.headersSent) respond(response, 500, { status: 'error' });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      respond(response, 405, { status: 'error', message: 'Use GET.' });
      return;
    }
    if (path === '/healthz') {
      respond(response, 200, { status: 'ok' });
      return;
    }
    if (path === '/readyz') {
      const names = Object.keys(options.checks);
      const results = await Promise.all(names.map((name) => options.checks[name]!()));
      const checks = Object.fromEntries(names.map((name, index) => [name, results[index]]));
      const ready = !stopping && options.required.every((name) => checks[name] === 'ok');
      const degraded = names.some((name) => checks[name] !== 'ok');
      let status = 'ready';
      if (stopping) status = 'stopping';
      else if (!ready) status = 'not_ready';
      else if (degraded) status = 'degraded';
      respond(response, ready ? 200 : 503, { status, checks });
      return;
    }
    if (path === '/metrics') {
      const access = checkMetricsAccess(options.metricsToken, {
        authorization: request.headers.authorization ?? null,
        remoteAddress: request.socket.remoteAddress ?? null,
        proxied: Boolean(request.headers.forwarded || request.headers['x-forwarded-for']),
      });
      if (!access.allowed) {
        respond(response, access.status, { status: 'error', message: access.message });
        return;
      }
      const body = await metricsRegistry.metrics();
      response.writeHead(200, {
        'content-type': metricsRegistry.contentType,
        'cache-control': 'no-store',
      });
      response.end(body);
      return;
    }
    respond(response, 404, { status: 'error', message: `No route for ${path}.` });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;
  options.logger.info({ url }, 'Operations endpoints listening');

  return {
    url,
    markStopping() {
      stopping = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function respond(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}
