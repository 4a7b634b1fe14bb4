import { type ApiDeps, appRouter } from '@pagefree/api';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';
import { resolvePrincipal } from './resolve-principal.ts';
import { sameOriginGuard } from './same-origin-guard.ts';

/** The console's API at `/trpc`, authenticated per request. */
export function trpcRoutes(deps: ApiDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', sameOriginGuard([deps.publicUrl]));

  app.all('/*', async (c) => {
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
