import type { IngestResult } from '@pagefree/core/ingestion/ingest-alerts';
import { IngestRejectedError } from '@pagefree/core/ingestion/ingest-rejected-error';
import { type ReceiveWebhookDeps, receiveWebhook } from '@pagefree/core/ingestion/receive-webhook';
import type { ServerRateLimits } from '@pagefree/core/rate-limits/rate-limits';
import { type Context, Hono } from 'hono';
import type { AppEnv } from './app-env.ts';
import { admitWebhook, observeWebhook } from './ingest-limits.ts';
import { readBodyWithLimit } from './read-body.ts';

/**
 * Monitoring webhooks: `POST /integrations/{integrationKey}/{format}` and the PagerDuty
 * Events API v2 compatible `POST /v2/enqueue`. Both answer 202 only after the alerts are
 * committed; refusals are thrown and rendered by the error handler. With `limits`, each
 * webhook is counted per integration key and address first (see `admitWebhook`).
 */
export function ingestionRoutes(
  deps: ReceiveWebhookDeps,
  options: { maxBodyBytes: number; limits?: ServerRateLimits },
) {
  const app = new Hono<AppEnv>();

  app.post('/integrations/:integrationKey/:format', async (c) => {
    const started = performance.now();
    const format = c.req.param('format');
    try {
      const integrationKey = c.req.param('integrationKey');
      const run = await admitWebhook(c, options.limits, integrationKey);
      const body = await readBodyWithLimit(c.req.raw, options.maxBodyBytes);
      const result = await run(() =>
        receiveWebhook(deps, {
          integrationKey,
          format,
          rawBody: body.bytes,
          headers: c.req.raw.headers,
          ip: c.get('ip'),
          ...(body.tooLarge && { bodyTooLarge: { limitBytes: options.maxBodyBytes } }),
        }),
      );
      observeWebhook(format, started, { alerts: result.alerts.length });
      return c.json(acceptedBody(result), 202);
    } catch (error) {
      observeWebhook(format, started, { error });
      throw error;
    }
  });

  app.post('/v2/enqueue', async (c) => {
    const started = performance.now();
    try {
      const result = await enqueueEvent(c);
      observeWebhook(null, started, { alerts: 1 });
      return result;
    } catch (error) {
      observeWebhook(null, started, { error });
      throw error;
    }
  });

  async function enqueueEvent(c: Context<AppEnv>) {
    const body = await readBodyWithLimit(c.req.raw, options.maxBodyBytes);
    if (body.tooLarge) {
      throw new IngestRejectedError(
        'payload_too_large',
        `The body exceeds ${options.maxBodyBytes} bytes.`,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body.bytes));
    } catch {
      throw new IngestRejectedError('invalid_json', 'The body is not valid JSON.');
    }
    const routingKey = (parsed as { routing_key?: unknown } | null)?.routing_key;
    if (typeof routingKey !== 'string' || routingKey.length === 0) {
      const problem =
        routingKey === undefined || routingKey === '' ? 'is missing' : 'must be a string';
      throw new IngestRejectedError(
        'invalid_payload',
        `routing_key: ${problem}; set it to the integration key.`,
        'routing_key',
      );
    }

    const run = await admitWebhook(c, options.limits, routingKey);
    const result = await run(() =>
      receiveWebhook(deps, {
        integrationKey: routingKey,
        format: null,
        rawBody: body.bytes,
        headers: c.req.raw.headers,
        ip: c.get('ip'),
        parsedBody: parsed,
      }),
    );
    const first = result.alerts[0];
    return c.json(
      {
        status: 'success',
        message: 'Event processed',
        dedup_key: first?.dedupKey ?? null,
        incident_id: first?.incidentId ?? null,
        incident_number: first?.incidentNumber ?? null,
      },
      202,
    );
  }

  return app;
}

function acceptedBody(result: IngestResult) {
  const first = result.alerts[0];
  return {
    status: 'accepted',
    deliveryId: result.deliveryId,
    dedupKey: first?.dedupKey ?? null,
    incidentId: first?.incidentId ?? null,
    alerts: result.alerts.map((alert) => ({
      alertId: alert.alertId,
      action: alert.action,
      dedupKey: alert.dedupKey,
      incidentId: alert.incidentId,
      incidentNumber: alert.incidentNumber,
      opened: alert.opened,
    })),
  };
}
