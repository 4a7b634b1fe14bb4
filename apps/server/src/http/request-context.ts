import { randomUUID } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { ClientAddressResolver } from '@pagefree/core/runtime/client-address';
import type { Logger } from '@pagefree/logger';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './app-env.ts';

/**
 * Gives each request an id (echoed as X-Request-Id), a child logger carrying it, and the
 * client address (from X-Forwarded-For only behind a trusted proxy), then logs one summary line when the response is ready. Paths are logged
 * without their integration key, because that key is the ingestion credential.
 */
export function requestContext(logger: Logger, resolveClient: ClientAddressResolver) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && /^[A-Za-z0-9._-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    const requestLogger = logger.child({ requestId });
    c.set('requestId', requestId);
    c.set('logger', requestLogger);
    c.set('ip', resolveClient(connectionAddress(c), c.req.header('x-forwarded-for')));

    const started = performance.now();
    await next();
    c.header('x-request-id', requestId);
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    requestLogger.info(
      {
        method: c.req.method,
        path: redactPath(c.req.path),
        status: c.res.status,
        durationMs,
        ip: c.get('ip'),
      },
      'Request handled',
    );
  });
}

function connectionAddress(c: Parameters<typeof getConnInfo>[0]): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    // Requests built in tests with app.request() have no socket.
    return null;
  }
}

/** Hides integration keys in a logged path, also in odd spellings such as `//Integrations/`. */
export function redactPath(path: string): string {
  return path.replace(/\/integrations\/[^/]+/gi, '/integrations/[key]');
}
