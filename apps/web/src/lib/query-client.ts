import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isClientError, isUnauthorized } from './errors.ts';
import { sessionExpiry } from './session-expiry.ts';

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: {
      /** False for sign-in, whose UNAUTHORIZED means a wrong password, not an expired session. */
      redirectOnUnauthorized?: boolean;
    };
  }
}

/** Creates the app's QueryClient, in which any UNAUTHORIZED response ends the session view. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        if (isUnauthorized(error)) sessionExpiry.announce();
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (isUnauthorized(error) && mutation.meta?.redirectOnUnauthorized !== false) {
          sessionExpiry.announce();
        }
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: (failureCount, error) => failureCount < 2 && !isClientError(error),
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}
