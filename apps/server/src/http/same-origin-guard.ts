import { ForbiddenError } from '@pagefree/core/shared/errors';
import { createMiddleware } from 'hono/factory';
import { isAllowedOrigin } from './allowed-origin.ts';
import type { AppEnv } from './app-env.ts';

/**
 * CSRF defence for cookie-authenticated APIs, on top of SameSite=Lax cookies: a
 * state-changing request must be JSON (a cross-site HTML form cannot send that without a
 * CORS preflight, which we never grant) and, when the browser names its origin, come from
 * an allowed origin (see `isAllowedOrigin`).
 */
export function sameOriginGuard(options: { publicUrl: string; development: boolean }) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.req.method !== 'OPTIONS') {
      const contentType = c.req.header('content-type') ?? '';
      if (!contentType.toLowerCase().startsWith('application/json')) {
        throw new ForbiddenError(
          'Send state-changing requests with Content-Type: application/json.',
        );
      }
      const origin = c.req.header('origin');
      const requestOrigin = new URL(c.req.url).origin;
      if (origin && !isAllowedOrigin(origin, { ...options, requestOrigin })) {
        throw new ForbiddenError(
          `Requests from ${origin} are not allowed; open PageFree at its own address.`,
        );
      }
      if (c.req.header('sec-fetch-site') === 'cross-site') {
        throw new ForbiddenError('Cross-site requests are not allowed.');
      }
    }
    await next();
  });
}
