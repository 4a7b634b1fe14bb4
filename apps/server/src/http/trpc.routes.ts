import { type ApiDeps, appRouter } from '@pagefree/api';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { ValidationError } from '@pagefree/core/shared/errors';
import { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';
import { resolvePrincipal } from './resolve-principal.ts';
import { sameOriginGuard } from './same-origin-guard.ts';

/** The console's API at `/trpc`, authenticated per request. */
export function trpcRoutes(deps: ApiDeps, options: { development: boolean }) {
  const app = new Hono<AppEnv>();
  app.use('*', sameOriginGuard({ publicUrl: deps.publicUrl, development: options.development }));

  app.all('/*', async (c) => {
    checkBatch(c.req.path);
    const principal = await resolvePrincipal(deps.db, c.req.raw.headers, deps.clock.now());
    return fetchRequestHandler({
      endpoint: '/trpc',
      req: c.req.raw,
      router: appRouter,
      createContext: ({ resHeaders }) => ({
        deps,
        principal,
        ip: c.get('ip'),
        userAgent: c.req.header('user-agent') ?? null,
        requestId: c.get('requestId'),
        logger: c.get('logger'),
        setCookie: (value: string) => resHeaders.append('set-cookie', value),
      }),
      responseMeta: () => ({ headers: { 'cache-control': 'no-store' } }),
    });
  });

  return app;
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
    throw new ValidationError('batch', `has ${procedures.length} calls; send at most ${MAX_BATCH_SIZE} per request`);
  }
  if (procedures.length > 1 && procedures.includes('auth.login')) {
    throw new ValidationError('batch', 'must not include auth.login; sign in with a request of its own');
  }
}
