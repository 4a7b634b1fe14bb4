import type { AppRouter } from '@pagefree/api';
import { createTRPCClient, httpLink } from '@trpc/client';

/** A typed tRPC client over real HTTP, authenticated with a session cookie or API key. */
export function trpcClient(baseUrl: string, auth: { cookie?: string; bearer?: string } = {}) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${baseUrl}/trpc`,
        headers: () => ({
          ...(auth.cookie && { cookie: auth.cookie }),
          ...(auth.bearer && { authorization: `Bearer ${auth.bearer}` }),
        }),
      }),
    ],
  });
}
