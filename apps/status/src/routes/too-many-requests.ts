import type { Context } from 'hono';
import type { StatusEnv } from '../http/app-env.ts';
import { h } from '../render/h.ts';
import { renderMessagePage } from '../render/message-page.ts';

export async function tooManyRequestsPage(c: Context<StatusEnv>, retryAfterSeconds: number) {
  const html = await renderMessagePage({
    snapshot: null,
    title: 'Too many requests',
    body: h(
      'p',
      null,
      `Too many requests from your address; try again in ${retryAfterSeconds} seconds.`,
    ),
  });
  return c.html(html, 429, { 'cache-control': 'no-store' });
}

export function tooManyRequestsJson(c: Context<StatusEnv>, retryAfterSeconds: number) {
  return c.json(
    {
      error: 'rate_limited',
      message: `Too many requests from your address; try again in ${retryAfterSeconds} seconds.`,
    },
    429,
    { 'cache-control': 'no-store' },
  );
}
