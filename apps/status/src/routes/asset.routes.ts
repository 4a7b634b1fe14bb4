import { Hono } from 'hono';
import type { StatusEnv } from '../http/app-env.ts';
import { ASSETS } from '../render/assets.ts';

/** Serves the stylesheet and the local-time script, named by content hash and cached for a year. */
export function assetRoutes() {
  const app = new Hono<StatusEnv>();
  for (const asset of Object.values(ASSETS)) {
    app.get(asset.path, (c) =>
      c.body(asset.body, 200, {
        'content-type': asset.contentType,
        'cache-control': 'public, max-age=31536000, immutable',
      }),
    );
  }
  return app;
}
