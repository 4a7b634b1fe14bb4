import {
  type AcknowledgeFromPushDeps,
  acknowledgeFromPush,
} from '@pagefree/core/incidents/acknowledge-from-push';
import { ValidationError } from '@pagefree/core/shared/errors';
import { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';

const MAX_TOKEN_LENGTH = 512;

/**
 * `POST /api/push/acknowledge` with `{ "ackToken": "..." }`: the Acknowledge action of a
 * push notification. The service worker calls it without cookies, because the signed
 * token is the credential. It names one incident and one user and expires after a day.
 */
export function pushAckRoutes(deps: AcknowledgeFromPushDeps) {
  const app = new Hono<AppEnv>();

  app.post('/api/push/acknowledge', async (c) => {
    const contentType = c.req.header('content-type') ?? '';
    if (!contentType.toLowerCase().startsWith('application/json')) {
      throw new ValidationError('body', 'send JSON with Content-Type: application/json');
    }
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new ValidationError('body', 'is not valid JSON');
    }
    const ackToken = (body as { ackToken?: unknown } | null)?.ackToken;
    if (
      typeof ackToken !== 'string' ||
      ackToken.length === 0 ||
      ackToken.length > MAX_TOKEN_LENGTH
    ) {
      throw new ValidationError('ackToken', 'must be the ackToken string from the push message');
    }

    const result = await acknowledgeFromPush(deps, {
      ackToken,
      ip: c.get('ip'),
    });
    c.header('cache-control', 'no-store');
    return c.json({
      status: result.outcome,
      incident: {
        id: result.incident.id,
        number: result.incident.number,
        title: result.incident.title,
        status: result.incident.status,
      },
    });
  });

  return app;
}
