import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';

/** Path prefixes that the server's own routes handle; the console never serves a page for them. */
const SERVER_PREFIXES = ['/trpc', '/api/', '/socket.io', '/integrations/', '/v2/'];
const SERVER_PATHS = new Set(['/healthz', '/readyz']);

/**
 * Serves the built console (`apps/web/dist`): hashed files under `/assets/` are cached for a
 * year, everything else (index.html, the service worker, the manifest) is revalidated on
 * each load so a new build reaches browsers at once. A GET for an unknown path without a
 * file extension is a client-side route and gets index.html.
 */
export function webConsoleRoutes(options: {
  distDir: string;
  publicUrl: string;
  /** Extra `style-src` sources, e.g. the hash of the status preview's inline stylesheet. */
  styleSources?: string[];
}) {
  const app = new Hono<AppEnv>();
  const securityHeaders = consoleSecurityHeaders(options.publicUrl, options.styleSources ?? []);
  const assetsDir = join(options.distDir, 'assets');
  const assets = serveStatic<AppEnv>({
    root: options.distDir,
    onFound: (path, c) => {
      const hashed = path.startsWith(`${assetsDir}/`);
      c.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const indexPage = serveStatic<AppEnv>({
    path: join(options.distDir, 'index.html'),
    onFound: (_path, c) => c.header('cache-control', 'no-cache'),
  });

  app.get('*', async (c, next) => {
    if (isServerPath(c.req.path)) return next();
    for (const [name, value] of Object.entries(securityHeaders)) c.header(name, value);

    const asset = await assets(c, async () => undefined);
    if (asset) return asset;
    if (/\.[a-z0-9]+$/i.test(c.req.path)) return next();
    return indexPage(c, next);
  });

  return app;
}

function isServerPath(path: string): boolean {
  return SERVER_PATHS.has(path) || SERVER_PREFIXES.some((prefix) => path.startsWith(prefix));
}

/**
 * Builds the headers for console pages. The CSP allows scripts, styles, fetches and workers
 * from this origin only. `connect-src` also names the WebSocket form of the public URL,
 * because a browser that predates CSP level 3 does not count ws: as 'self'. The status page
 * preview is a `srcdoc` frame, which inherits this policy, so its inline stylesheet is
 * admitted by hash through `styleSources`.
 */
function consoleSecurityHeaders(publicUrl: string, styleSources: string[]): Record<string, string> {
  const socketOrigin = new URL(publicUrl).origin.replace(/^http/, 'ws');
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    ["style-src 'self'", ...styleSources].join(' '),
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${socketOrigin}`,
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'content-security-policy': policy,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
}
