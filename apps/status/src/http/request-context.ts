import type { Logger } from '@pagefree/logger';
import type { Context, MiddlewareHandler } from 'hono';
import { maskTokens } from '../partners/mask-tokens.ts';
import type { StatusEnv } from './app-env.ts';

/**
 * Gives each request an id, a child logger and its client address, and logs one summary
 * line per request. The query string is left out of the log, because confirm,
 * unsubscribe and sign-in links carry their token there, and token-shaped path segments
 * are masked.
 */
export function requestContext(
  logger: Logger,
  clientAddress: (c: Context) => string | null,
): MiddlewareHandler<StatusEnv> {
  return async (c, next) => {
    const requestId = crypto.randomUUID();
    const requestLogger = logger.child({ requestId });
    c.set('requestId', requestId);
    c.set('logger', requestLogger);
    c.set('ip', clientAddress(c));

    const started = performance.now();
    await next();
    requestLogger.info(
      {
        method: c.req.method,
        path: maskTokens(c.req.path),
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        ip: c.get('ip'),
      },
      'Request handled',
    );
  };
}
