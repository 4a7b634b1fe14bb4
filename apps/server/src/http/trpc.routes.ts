import { type ApiDeps, appRouter } from '@pagefree/api';
import { rateLimitHeaders } from '@pagefree/core/rate-limits/headers';
import type { RateLimitDecision } from '@pagefree/core/rate-limits/limiter';
import type { ServerRateLimits } from '@pagefree/core/rate-limits/rate-limits';
import { ValidationError } from '@pagefree/core/shared/errors';
import { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './app-env.ts';
import { resolvePrincipal } from './resolve-principal.ts';
import { sameOriginGuard } from './same-origin-guard.ts';

/**
 * Serves the console's API at `/trpc`, authenticated per request. With `limits`, each request
 * counts against its user's `api-user` budget, or its address's `public-address` budget when
 * signed out. A request over it gets tRPC's TOO_MANY_REQUESTS error (HTTP 429).
 */
/**
 * Largest `/trpc` request body. The biggest legitimate input is a runbook script of 100,000
 * characters, at most about 600 kB once JSON-escaped.
 */
const MAX_TRPC_BODY_BYTES = 2 * 1024 * 1024;

export function trpcRoutes(
  deps: ApiDeps,
  options: { development: boolean; limits?: ServerRateLimits },
) {
  const app = new Hono<AppEnv>();
  app.use('*', sameOriginGuard({ publicUrl: deps.publicUrl, development: options.development }));
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_TRPC_BODY_BYTES,
      // The rest of the body stays unread, so the connection cannot serve another request:
      // `Connection: close` keeps clients from sending their next request on it.
      onError: (c) =>
        c.json(
          {
            error: {
              message: `The request body is larger than ${MAX_TRPC_BODY_BYTES} bytes; send less at once.`,
              code: -32600,
              data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 },
            },
          },
          413,
          { connection: 'close' },
        ),
    }),
  );

  app.all('/*', async (c) => {
    checkBatch(c.req.path);
    const principal = await resolvePrincipal(deps.db, c.req.raw.headers, deps.clock.now());
    const decision = await countRequest(c, options.limits, principal?.userId ?? null);
    return fetchRequestHandler({
      endpoint: '/trpc',
      req: c.req.raw,
      router: appRouter,
      createContext: ({ resHeaders }) => {
        if (decision && !decision.allowed) {
          throw new TRPCError({
            code: 'TOO_MANY_REQUESTS',
            message: `Too many requests; retry after ${decision.resetSeconds} seconds.`,
          });
        }
        return {
          deps,
          principal,
          ip: c.get('ip'),
          userAgent: c.req.header('user-agent') ?? null,
          requestId: c.get('requestId'),
          logger: c.get('logger'),
          setCookie: (value: string) => resHeaders.append('set-cookie', value),
        };
      },
      responseMeta: () => ({
        headers: { 'cache-control': 'no-store', ...(decision && rateLimitHeaders(decision)) },
      }),
    });
  });

  return app;
}

/** Counts the request against its user's or address's budget; null when there is no limiter or it failed. */
async function countRequest(
  c: Context<AppEnv>,
  limits: ServerRateLimits | undefined,
  userId: string | null,
): Promise<RateLimitDecision | null> {
  if (!limits) return null;
  try {
    return userId
      ? await limits.checkApi(userId, c.get('ip'))
      : await limits.checkPublic(c.get('ip'));
  } catch (error) {
    c.get('logger').warn({ err: error }, 'API rate limiter failed; request allowed');
    return null;
  }
}

/** Most calls the console batches into one request. */
const MAX_BATCH_SIZE = 25;

/**
 * Limits tRPC batches: a batch is one HTTP request, so without a limit it would let one
 * request make hundreds of calls, and sign-in must be one attempt per request so the
 * login throttle counts every guess.
 */
function checkBatch(path: string): void {
  const procedures = decodeURIComponent(path.replace(/^\/trpc\//, '')).split(',');
  if (procedures.length > MAX_BATCH_SIZE) {
    throw new ValidationError(
      'batch',
      `has ${procedures.length} calls; send at most ${MAX_BATCH_SIZE} per request`,
    );
  }
  if (procedures.length > 1 && procedures.includes('auth.login')) {
    throw new ValidationError(
      'batch',
      'must not include auth.login; sign in with a request of its own',
    );
  }
}
