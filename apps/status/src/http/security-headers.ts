import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { StatusEnv } from './app-env.ts';

/**
 * Security headers for every response: Hono's `secureHeaders` for the fixed ones
 * (`Referrer-Policy: no-referrer`, `X-Content-Type-Options: nosniff`, COOP, CORP...), then a
 * Content-Security-Policy whose `frame-ancestors` depends on the page being served.
 *
 * The CSP is set after the route ran, because only the route has loaded the page, and with
 * it the origins that may embed the page. Pages load their stylesheet and the
 * optional time script from this origin; nothing inline runs, so injected markup cannot
 * execute script even if escaping failed.
 */
export function securityHeaders(options: { https: boolean }): MiddlewareHandler<StatusEnv>[] {
  return [
    secureHeaders({
      // X-Frame-Options cannot list origins, so framing is governed by CSP frame-ancestors.
      xFrameOptions: false,
      strictTransportSecurity: options.https ? 'max-age=31536000; includeSubDomains' : false,
      permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [] },
    }),
    async (c, next) => {
      await next();
      const ancestors = c.get('frameAncestors');
      const frameAncestors = ancestors && ancestors.length > 0 ? ancestors.join(' ') : "'none'";
      const contentType = c.res.headers.get('content-type') ?? '';
      const policy = contentType.startsWith('text/html')
        ? [
            "default-src 'none'",
            "style-src 'self'",
            "script-src 'self'",
            "img-src 'self' data:",
            "form-action 'self'",
            "base-uri 'none'",
            `frame-ancestors ${frameAncestors}`,
          ]
        : ["default-src 'none'", "frame-ancestors 'none'"];
      c.res.headers.set('Content-Security-Policy', policy.join('; '));
      if (!ancestors || ancestors.length === 0) {
        // For browsers that predate CSP frame-ancestors.
        c.res.headers.set('X-Frame-Options', 'DENY');
      }
    },
  ];
}
